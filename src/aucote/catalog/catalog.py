"""The loaded catalogue: an immutable, queryable set of entries."""

from collections.abc import Iterable, Iterator
from types import MappingProxyType

from aucote.catalog.entry import PROFILES, CatalogEntry, ReservedId
from aucote.model.exploit import Exploit


class Catalog:
    """Entries by id and by (app, name), iterated in id order; built once, never changed."""

    __slots__ = ("_by_id", "_by_key", "_reserved")

    def __init__(self, entries: Iterable[CatalogEntry], reserved: Iterable[ReservedId] = ()) -> None:
        by_id: dict[int, CatalogEntry] = {}
        by_key: dict[tuple[str, str], CatalogEntry] = {}
        for entry in sorted(entries, key=lambda item: item.id):
            if entry.id in by_id or (entry.app, entry.name) in by_key:
                raise ValueError(f"duplicate exploit {entry.id} ({entry.app}, {entry.name})")
            by_id[entry.id] = by_key[entry.app, entry.name] = entry
        self._by_id = MappingProxyType(by_id)
        self._by_key = MappingProxyType(by_key)
        self._reserved = tuple(sorted(reserved, key=lambda item: item.id))

    def __iter__(self) -> Iterator[CatalogEntry]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, exploit_id: object) -> bool:
        return exploit_id in self._by_id

    def __getitem__(self, exploit_id: int) -> CatalogEntry:
        return self._by_id[exploit_id]

    def __repr__(self) -> str:
        return f"<Catalog of {len(self)} exploits>"

    def get(self, exploit_id: int) -> CatalogEntry | None:
        """The entry with this id, or None."""
        return self._by_id.get(exploit_id)

    def find(self, app: str, name: str) -> CatalogEntry | None:
        """The entry of this app with this script/check name, or None."""
        return self._by_key.get((app, name))

    def profile(self, name: str) -> tuple[CatalogEntry, ...]:
        """The entries of profile `basic` or `advanced` (intrusive ones too); ValueError if unknown."""
        if name not in PROFILES:
            raise ValueError(f"unknown profile {name!r} (expected {' or '.join(PROFILES)})")
        return tuple(entry for entry in self if name in entry.exploit.profiles)

    def unknown_ids(self, ids: Iterable[int]) -> tuple[int, ...]:
        """The ids (e.g. of a scanner's `scripts` list) that name no entry, in the order given."""
        return tuple(exploit_id for exploit_id in ids if exploit_id not in self._by_id)

    @property
    def exploits(self) -> tuple[Exploit, ...]:
        """Every exploit, in id order."""
        return tuple(entry.exploit for entry in self)

    @property
    def apps(self) -> frozenset[str]:
        """The apps that have at least one entry."""
        return frozenset(entry.app for entry in self)

    @property
    def reserved(self) -> tuple[ReservedId, ...]:
        """Ids without an entry that no other check may take, in id order."""
        return self._reserved
