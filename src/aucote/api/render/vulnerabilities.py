"""Vulnerabilities (with their triage on `include=triage`)."""

from pydantic import MISSING

from aucote.api.links import Links
from aucote.api.render.common import exploit_ref, port, scan, scans
from aucote.api.render.triage import triage
from aucote.api.schemas.common import Meta
from aucote.api.schemas.vulnerabilities import Vulnerability, VulnerabilityDetail
from aucote.api.times import human, maybe_human, maybe_number, number
from aucote.storage.queries.records import ScanRow
from aucote.storage.queries.vulnerabilities import VulnerabilityRow


def vulnerability(row: VulnerabilityRow, links: Links, *, with_triage: bool = False) -> Vulnerability:
    """A finding (its output as read: a preview in lists, whole in the detail); `with_triage`: and
    the triage applying to it (null when none)."""
    return Vulnerability(
        id=row.id,
        url=links.item("vulnerability", row.id),
        port=port(row.node, row.port, row.protocol),
        scan=scan(row.scan, links),
        exploit=exploit_ref(row.exploit),
        output=row.output,
        cve=row.cve,
        cvss=maybe_number(row.cvss),
        risk_level=row.risk_level,
        time=number(row.time),
        time_human=human(row.time),
        expired=maybe_number(row.expiration_time),
        expired_human=maybe_human(row.expiration_time),
        triage=(None if row.triage is None else triage(row.triage)) if with_triage else MISSING,
    )


def vulnerability_detail(
    row: VulnerabilityRow, history: list[ScanRow], links: Links, meta: Meta, *, with_triage: bool = False
) -> VulnerabilityDetail:
    """A finding with its security scan and the last scans in which the exploit reported."""
    return VulnerabilityDetail(
        **dict(vulnerability(row, links, with_triage=with_triage)),
        security_scan_url=links.item("sec_scan", row.security_scan_id),
        scans=scans(history, links),
        meta=meta,
    )
