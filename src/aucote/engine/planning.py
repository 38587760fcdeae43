"""Which exploits run on a port, grouped by the app (check) that runs them."""

from collections.abc import Mapping

from aucote.catalog.catalog import Catalog
from aucote.catalog.matching import match_port
from aucote.checks.contract import Selected
from aucote.engine.options import ScanOptions
from aucote.model.target import Port


def plan_port(catalog: Catalog, port: Port, options: ScanOptions) -> dict[str, list[Selected]]:
    """The selected exploits of the port by app, apps without a check left out by the caller."""
    matched = match_port(
        catalog,
        port,
        profile=options.profile,
        scripts=options.scripts or None,
        enabled_apps=lambda app: options.tool(app).enabled,
        allow_intrusive=options.allow_intrusive,
    )
    plan: dict[str, list[Selected]] = {}
    for match in matched:
        plan.setdefault(match.exploit.app, []).append(Selected(match.exploit, match.forced))
    return plan


def runnable(plan: Mapping[str, list[Selected]], apps: Mapping[str, object]) -> dict[str, list[Selected]]:
    """The part of a plan whose apps have a check implementation."""
    return {app: selected for app, selected in plan.items() if app in apps}
