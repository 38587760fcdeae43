"""Which exploits run on a port, and which node-level exploits run once on a node, grouped by the
app (check) that runs them; and which of them a switch holds back, to be recorded SKIPPED."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from aucote.catalog.catalog import Catalog
from aucote.catalog.matching import HeldBack, MatchedExploit, MatchKind, PortMatches, port_matches
from aucote.catalog.selection import Hold, Switches
from aucote.checks.contract import Selected
from aucote.engine.options import ScanOptions
from aucote.model.exploit import Exploit
from aucote.model.status import CheckReason
from aucote.model.target import Port

Plan = dict[str, list[Selected]]


@dataclass(frozen=True, slots=True)
class PortPlan:
    """A port's checks: the exploits to run by app, and those a switch holds back."""

    run: Plan = field(default_factory=dict)
    held: tuple[HeldBack, ...] = ()

    @property
    def exploits(self) -> list[Exploit]:
        """Every exploit of the plan, run or held back: one security scan each."""
        return [item.exploit for group in self.run.values() for item in group] + [
            held.exploit for held in self.held
        ]

    @property
    def skipped(self) -> dict[int, tuple[CheckReason, str]]:
        """Held-back exploit id → the reason and detail of its SKIPPED security scan."""
        return {held.exploit.id: (held.hold.reason, held.hold.detail) for held in self.held}


def plan_port(catalog: Catalog, port: Port, options: ScanOptions) -> PortPlan:
    """The selected port-level exploits of the port by app, apps without a check left out by the
    caller, and the port-level ones held back (node-level ones go through `plan_node`)."""
    matches = _matches(catalog, port, options)
    run = [match for match in matches.run if not match.entry.node_level]
    held = tuple(held for held in matches.held if not held.match.entry.node_level)
    return PortPlan(_by_app(run), held)


def plan_node(catalog: Catalog, ports: Sequence[Port], options: ScanOptions) -> dict[Port, PortPlan]:
    """The node-level exploits of one node (nothing unless `scan_nodes`), each on the one port its
    rule needs (`node_port`), by port: run by app, or held back."""
    if not options.scan_nodes or not ports:
        return {}
    candidates, holds = _node_candidates(catalog, ports, options)
    chosen: dict[Port, list[MatchedExploit]] = {}
    for found in candidates.values():
        port, match = node_port(found)
        chosen.setdefault(port, []).append(match)
    return {port: _port_plan(matches, holds) for port, matches in chosen.items()}


def node_port(candidates: Sequence[tuple[Port, MatchedExploit]]) -> tuple[Port, MatchedExploit]:
    """Where a node-level exploit runs: on the highest-numbered port matched by number (445 before
    139 for SMB, the port nmap's smb library tries first), else by service, else (a generic host
    script) on the node's first open port."""
    rank = {MatchKind.PORT: 0, MatchKind.SERVICE: 1, MatchKind.GENERIC: 2}

    def key(item: tuple[Port, MatchedExploit]) -> tuple[int, int]:
        port, match = item
        number = -port.number if match.kind is not MatchKind.GENERIC else port.number
        return rank[match.kind], number

    return min(candidates, key=key)


def _node_candidates(
    catalog: Catalog, ports: Sequence[Port], options: ScanOptions
) -> tuple[dict[int, list[tuple[Port, MatchedExploit]]], dict[int, Hold]]:
    """Per node-level exploit (run or held back), the node's ports it matches (in id order); and
    why each held-back one is held back."""
    found: dict[int, list[tuple[Port, MatchedExploit]]] = {}
    holds: dict[int, Hold] = {}
    for port in ports:
        matches = _matches(catalog, port, options)
        holds.update((held.exploit.id, held.hold) for held in matches.held)
        for match in _all_matched(matches):
            if match.entry.node_level:
                found.setdefault(match.exploit.id, []).append((port, match))
    return dict(sorted(found.items())), holds


def _all_matched(matches: PortMatches) -> Iterable[MatchedExploit]:
    yield from matches.run
    yield from (held.match for held in matches.held)


def _port_plan(matches: Sequence[MatchedExploit], holds: Mapping[int, Hold]) -> PortPlan:
    run = [match for match in matches if match.exploit.id not in holds]
    held = tuple(HeldBack(match, holds[match.exploit.id]) for match in matches if match.exploit.id in holds)
    return PortPlan(_by_app(run), held)


def _matches(catalog: Catalog, port: Port, options: ScanOptions) -> PortMatches:
    return port_matches(
        catalog,
        port,
        profile=options.profile,
        scripts=options.scripts or None,
        enabled_apps=lambda app: options.tool(app).enabled,
        switches=switches(options),
    )


def switches(options: ScanOptions) -> Switches:
    """The classes of checks the run allows."""
    return Switches(intrusive=options.allow_intrusive, default_credentials=options.allow_default_credentials)


def _by_app(matched: Sequence[MatchedExploit]) -> Plan:
    plan: Plan = {}
    for match in matched:
        plan.setdefault(match.exploit.app, []).append(Selected(match.exploit, match.forced))
    return plan


def runnable(plan: Mapping[str, list[Selected]], apps: Mapping[str, object]) -> dict[str, list[Selected]]:
    """The part of a plan whose apps have a check implementation."""
    return {app: selected for app, selected in plan.items() if app in apps}
