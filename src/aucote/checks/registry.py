"""Which check runs which catalogue app."""

from aucote.catalog.catalog import Catalog
from aucote.checks.contract import Check
from aucote.checks.exposed.check import ExposedServicesCheck
from aucote.checks.http_headers.check import HttpHeadersCheck
from aucote.checks.nmap.check import NmapScriptsCheck


def build_checks(catalog: Catalog) -> dict[str, Check]:
    """Every check Aucote has, by the app name of its catalogue entries."""
    checks: list[Check] = [NmapScriptsCheck(catalog), HttpHeadersCheck(), ExposedServicesCheck()]
    return {check.app: check for check in checks}
