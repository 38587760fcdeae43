"""Which security scans an imported nmap report holds: each catalogue script's result on each open
port, judged by the same code as a live scan (`checks.nmap.outcomes.script_outcome`).

A port script's result belongs to its own port (address, protocol and number). A host script's
result (`<hostscript>`) is recorded on each open port of its host that the catalogue entry matches
(`catalog.matching`: port number, service or generic), else on the host's first open port; a host
with no open port has nowhere to hold it and it is not stored."""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from aucote.catalog.catalog import Catalog
from aucote.catalog.entry import CatalogEntry
from aucote.catalog.matching import match_entries
from aucote.checks.contract import ExploitOutcome
from aucote.checks.nmap.outcomes import script_outcome
from aucote.model.status import CheckReason, CheckStatus
from aucote.model.target import Port
from aucote.tools.nmap.report import NmapHost, ScriptResult


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportedOutcome:
    """One security scan of the report: the port, the catalogue entry and what its script said."""

    port: Port
    entry: CatalogEntry
    outcome: ExploitOutcome


def report_outcomes(
    hosts: Sequence[NmapHost], ports: Sequence[Port], catalog: Catalog, start: float, end: float
) -> list[ImportedOutcome]:
    """One outcome per (port, catalogue script) in the report, port scripts before host scripts."""
    found: dict[tuple[int, int, int, int], ImportedOutcome] = {}
    for port, entry, script in _placed(hosts, ports, catalog):
        key = (port.node.id, int(port.protocol), port.number, entry.id)
        outcome = script_outcome(entry, script, start, end)
        found.setdefault(key, ImportedOutcome(port=port, entry=entry, outcome=outcome))
    return list(found.values())


def _placed(
    hosts: Sequence[NmapHost], ports: Sequence[Port], catalog: Catalog
) -> Iterator[tuple[Port, CatalogEntry, ScriptResult]]:
    """(port, entry, result) for every script result of the report that the catalogue knows."""
    for host in hosts:
        own = [port for port in ports if port.node.ip == host.address]
        for nmap_port in host.ports:
            port = next(
                (p for p in own if (p.protocol, p.number) == (nmap_port.protocol, nmap_port.number)), None
            )
            for script, entry in _known(catalog, nmap_port.scripts):
                if port is not None:
                    yield port, entry, script
        for script, entry in _known(catalog, host.scripts):
            for port in host_script_ports(entry, own):
                yield port, entry, script


def host_script_ports(entry: CatalogEntry, ports: Sequence[Port]) -> list[Port]:
    """Where a host script's result is recorded: the host's open ports the entry matches, else its
    first open port (none when the host has no open port)."""
    matched = [port for port in ports if match_entries([entry], port)]
    return matched or list(ports[:1])


def _known(catalog: Catalog, scripts: Sequence[ScriptResult]) -> Iterator[tuple[ScriptResult, CatalogEntry]]:
    for script in scripts:
        if (entry := catalog.find("nmap", script.id)) is not None:
            yield script, entry


def failed_run(items: Sequence[ImportedOutcome], errormsg: str) -> list[ImportedOutcome]:
    """The outcomes of a report nmap ended with an error: what was DONE becomes FAILED (NMAP_ERROR,
    nmap's message as detail), its findings kept; a silent script there proves nothing."""
    return [
        ImportedOutcome(
            port=item.port,
            entry=item.entry,
            outcome=ExploitOutcome(
                exploit_id=item.outcome.exploit_id,
                status=CheckStatus.FAILED,
                start=item.outcome.start,
                end=item.outcome.end,
                findings=item.outcome.findings,
                reason=CheckReason.NMAP_ERROR,
                detail=errormsg,
            ),
        )
        if item.outcome.status is CheckStatus.DONE
        else item
        for item in items
    ]
