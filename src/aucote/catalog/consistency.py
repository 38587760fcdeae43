"""Rules across entries: unique ids and (app, name), reserved ids, reserved ranges, safe profiles."""

from collections.abc import Sequence

from aucote.catalog.entry import AUCOTE_IDS, CatalogEntry, ReservedId


def consistency_problems(
    entries: Sequence[tuple[int, CatalogEntry]], reserved: Sequence[ReservedId]
) -> list[str]:
    """Problems as `exploit <id>: <field>: <message>`; entries come with their 1-based file position."""
    return [
        *_duplicates(entries),
        *_reserved_problems(entries, reserved),
        *(problem for _, entry in entries for problem in _entry_problems(entry)),
    ]


def _duplicates(entries: Sequence[tuple[int, CatalogEntry]]) -> list[str]:
    problems: list[str] = []
    ids: dict[int, int] = {}
    keys: dict[tuple[str, str], int] = {}
    for position, entry in entries:
        if entry.id in ids:
            problems.append(f"exploit {entry.id}: id: duplicate id (also entry #{ids[entry.id]})")
        ids.setdefault(entry.id, position)
        key = (entry.app, entry.name)
        if key in keys:
            problems.append(
                f"exploit {entry.id}: name: {entry.app} {entry.name!r} is already exploit {keys[key]}"
            )
        keys.setdefault(key, entry.id)
    return problems


def _reserved_problems(
    entries: Sequence[tuple[int, CatalogEntry]], reserved: Sequence[ReservedId]
) -> list[str]:
    problems: list[str] = []
    reasons: dict[int, str] = {}
    for item in reserved:
        if item.id in reasons:
            problems.append(f"reserved {item.id}: id: listed twice")
        reasons.setdefault(item.id, item.reason)
    for _, entry in entries:
        if entry.id in reasons:
            problems.append(
                f"exploit {entry.id}: id: id {entry.id} is reserved ({reasons[entry.id]}); "
                "a re-implementation of that check takes it by removing it from 'reserved'"
            )
    return problems


def _entry_problems(entry: CatalogEntry) -> list[str]:
    problems: list[str] = []
    if entry.id in AUCOTE_IDS and not entry.app.startswith("aucote-"):
        problems.append(
            f"exploit {entry.id}: id: ids {AUCOTE_IDS.start}-{AUCOTE_IDS.stop - 1} are reserved "
            f"for aucote-* apps, not {entry.app!r}"
        )
    if entry.exploit.intrusive and "basic" in entry.exploit.profiles:
        problems.append(f"exploit {entry.id}: profiles: an intrusive entry cannot be in 'basic'")
    if entry.exploit.intrusive and entry.exploit.default_credentials:
        problems.append(
            f"exploit {entry.id}: default_credentials: an entry is default-credential or intrusive, not both"
        )
    return problems
