"""Which selected entries apply to an open port, how each one matched, and which of them a switch
holds back (and why)."""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum

from aucote.catalog.catalog import Catalog
from aucote.catalog.entry import CatalogEntry
from aucote.catalog.selection import AppFilter, Hold, Switches, candidate_entries, hold_of
from aucote.model.exploit import Exploit
from aucote.model.target import Port, Service


class MatchKind(StrEnum):
    """Why an entry applies to a port; checked in this order."""

    PORT = "port"
    """The port's protocol and number are in the entry's `ports` (the tool would pick it itself)."""
    SERVICE = "service"
    """Only the detected service name is in the entry's `services`: a non-standard port."""
    GENERIC = "generic"
    """The entry has neither services nor ports: it applies to every port."""


@dataclass(frozen=True, slots=True)
class MatchedExploit:
    """An entry chosen for a port, with how it matched."""

    entry: CatalogEntry
    kind: MatchKind

    @property
    def exploit(self) -> Exploit:
        """The matched exploit."""
        return self.entry.exploit

    @property
    def forced(self) -> bool:
        """Matched by service only: the runner must force it (nmap `--script +name`), since the
        script's own port rule would skip this port number."""
        return self.kind is MatchKind.SERVICE


@dataclass(frozen=True, slots=True)
class HeldBack:
    """An entry that matches the port but that a switch holds back: it is recorded SKIPPED."""

    match: MatchedExploit
    hold: Hold

    @property
    def exploit(self) -> Exploit:
        """The held-back exploit."""
        return self.match.exploit


@dataclass(frozen=True, slots=True)
class PortMatches:
    """The entries of a scanner that apply to a port: those to run, and those held back."""

    run: tuple[MatchedExploit, ...] = ()
    held: tuple[HeldBack, ...] = ()


def service_names(service: Service | None) -> frozenset[str]:
    """The lower-case names a detected service answers to: `https` is also `http` over an ssl tunnel,
    and a service in an ssl tunnel is also `ssl` and `ssl/<name>` (`http` in ssl is also `https`)."""
    if service is None or not service.name:
        return frozenset()
    name = service.name.strip().lower()
    tunnel = (service.tunnel or "").strip().lower()
    if name.startswith("ssl/"):
        name, tunnel = name.removeprefix("ssl/"), "ssl"
    if name == "https":
        tunnel = "ssl"
    names = {name}
    if tunnel == "ssl":
        names |= {"ssl", f"ssl/{name}"}
        if name in ("http", "https"):
            names |= {"http", "https", "ssl/http", "ssl/https"}
    return frozenset(names)


def match_kind(entry: CatalogEntry, port: Port, names: frozenset[str]) -> MatchKind | None:
    """How `entry` applies to `port` whose service answers to `names`, or None if it does not."""
    exploit = entry.exploit
    if (port.protocol, port.number) in exploit.ports:
        return MatchKind.PORT
    if names and any(service.lower() in names for service in exploit.services):
        return MatchKind.SERVICE
    if entry.generic:
        return MatchKind.GENERIC
    return None


def match_entries(entries: Iterable[CatalogEntry], port: Port) -> list[MatchedExploit]:
    """The entries (already selected) that apply to `port`, in the order given."""
    names = service_names(port.service)
    matched = ((entry, match_kind(entry, port, names)) for entry in entries)
    return [MatchedExploit(entry, kind) for entry, kind in matched if kind is not None]


def port_matches(
    catalog: Catalog,
    port: Port,
    *,
    profile: str | None = None,
    scripts: Collection[int] | None = None,
    enabled_apps: AppFilter | None = None,
    switches: Switches = Switches(),
) -> PortMatches:
    """The scanner's entries (`candidate_entries`: profile or scripts, enabled apps) that apply to
    `port`, in id order, split into those to run and those `switches` hold back. Entries that do
    not apply to the port are in neither."""
    candidates = candidate_entries(catalog, profile=profile, scripts=scripts, enabled_apps=enabled_apps)
    run: list[MatchedExploit] = []
    held: list[HeldBack] = []
    for match in match_entries(candidates, port):
        hold = hold_of(match.exploit, switches)
        if hold is None:
            run.append(match)
        else:
            held.append(HeldBack(match, hold))
    return PortMatches(tuple(run), tuple(held))


def match_port(
    catalog: Catalog,
    port: Port,
    *,
    profile: str | None = None,
    scripts: Collection[int] | None = None,
    enabled_apps: AppFilter | None = None,
    allow_intrusive: bool = False,
    allow_default_credentials: bool = True,
) -> list[MatchedExploit]:
    """The entries to run on `port`, in id order: `port_matches` less what the switches hold back
    (intrusive entries unless `allow_intrusive`, default-credential ones unless
    `allow_default_credentials`)."""
    switches = Switches(intrusive=allow_intrusive, default_credentials=allow_default_credentials)
    matches = port_matches(
        catalog, port, profile=profile, scripts=scripts, enabled_apps=enabled_apps, switches=switches
    )
    return list(matches.run)
