"""Which check runs which catalogue app."""

from aucote.catalog.catalog import Catalog
from aucote.checks.contract import Check
from aucote.checks.cve.check import CveCheck
from aucote.checks.exposed.check import ExposedServicesCheck
from aucote.checks.external import HydraCheck, TestsslCheck, WhatwebCheck
from aucote.checks.http_headers.check import HttpHeadersCheck
from aucote.checks.nmap.check import NmapScriptsCheck
from aucote.checks.ssh.check import SshCheck
from aucote.checks.tls.check import TlsCheck
from aucote.cve.lookup import CveLookup


def build_checks(catalog: Catalog, cve_lookup: CveLookup | None = None) -> dict[str, Check]:
    """Every check Aucote has, by the app name of its catalogue entries. The CVE check needs the
    imported CVE data (`cve_lookup`); without it its security scans are recorded as skipped."""
    checks: list[Check] = [
        NmapScriptsCheck(catalog),
        TlsCheck(),
        HttpHeadersCheck(),
        ExposedServicesCheck(),
        SshCheck(),
        TestsslCheck(),
        WhatwebCheck(),
        HydraCheck(),
    ]
    if cve_lookup is not None:
        checks.append(CveCheck(cve_lookup))
    return {check.app: check for check in checks}
