"""Which exploits run on a port, and which node-level exploits run once on a node, grouped by the
app (check) that runs them."""

from collections.abc import Mapping, Sequence

from aucote.catalog.catalog import Catalog
from aucote.catalog.matching import MatchedExploit, MatchKind, match_port
from aucote.checks.contract import Selected
from aucote.engine.options import ScanOptions
from aucote.model.target import Port

Plan = dict[str, list[Selected]]


def plan_port(catalog: Catalog, port: Port, options: ScanOptions) -> Plan:
    """The selected port-level exploits of the port by app, apps without a check left out by the
    caller (node-level ones run through `plan_node`)."""
    matched = [
        match for match in _matched(catalog, port, options) if not catalog[match.exploit.id].node_level
    ]
    return _by_app(matched)


def plan_node(catalog: Catalog, ports: Sequence[Port], options: ScanOptions) -> dict[Port, Plan]:
    """The node-level exploits of one node (nothing unless `scan_nodes`), each on the one port its
    rule needs (`node_port`), by port and app."""
    if not options.scan_nodes or not ports:
        return {}
    chosen: dict[Port, list[MatchedExploit]] = {}
    for candidates in _node_candidates(catalog, ports, options).values():
        port, match = node_port(candidates)
        chosen.setdefault(port, []).append(match)
    return {port: _by_app(matches) for port, matches in chosen.items()}


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
) -> dict[int, list[tuple[Port, MatchedExploit]]]:
    """Per node-level exploit, the node's ports it matches (in id order)."""
    found: dict[int, list[tuple[Port, MatchedExploit]]] = {}
    for port in ports:
        for match in _matched(catalog, port, options):
            if catalog[match.exploit.id].node_level:
                found.setdefault(match.exploit.id, []).append((port, match))
    return dict(sorted(found.items()))


def _matched(catalog: Catalog, port: Port, options: ScanOptions) -> list[MatchedExploit]:
    return match_port(
        catalog,
        port,
        profile=options.profile,
        scripts=options.scripts or None,
        enabled_apps=lambda app: options.tool(app).enabled,
        allow_intrusive=options.allow_intrusive,
    )


def _by_app(matched: Sequence[MatchedExploit]) -> Plan:
    plan: Plan = {}
    for match in matched:
        plan.setdefault(match.exploit.app, []).append(Selected(match.exploit, match.forced))
    return plan


def runnable(plan: Mapping[str, list[Selected]], apps: Mapping[str, object]) -> dict[str, list[Selected]]:
    """The part of a plan whose apps have a check implementation."""
    return {app: selected for app, selected in plan.items() if app in apps}
