"""Export links of a findings or hosts view: the API's export endpoints (`/api/v1/export/…`) in
each format, carrying the view's filters the export API knows; the view names those it cannot
carry (the export then holds more rows than the view)."""

from dataclasses import dataclass
from typing import Final

from aucote.web.params import FindingsQuery, HostsQuery
from aucote.web.urls import QueryValue, href

FORMATS: Final = (("csv", "CSV"), ("json", "JSON"), ("sarif", "SARIF"), ("defectdojo", "DefectDojo"))
FINDINGS: Final = "/api/v1/export/findings"
HOSTS: Final = "/api/v1/export/hosts"


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportLinks:
    """A link per format (label, URL) and the view's filters left out of them."""

    links: list[tuple[str, str]]
    left_out: list[str]


def finding_exports(prefix: str, query: FindingsQuery) -> ExportLinks:
    """The findings view's exports."""
    filters: dict[str, QueryValue] = {
        "port": query.port,
        "protocol": query.protocol,
        "scanner": query.scanner,
        "cve": query.cve,
        "risk_level": query.risk,
        "min_risk": query.min_risk or (None if query.risk else "None" if query.info else "Low"),
        "expired": {"open": False, "expired": True}.get(query.state),
        "triage": query.triage,
    }
    left_out = ["exploit"] if query.exploit else []
    left_out += ["first seen"] if query.first_seen else []
    return _links(prefix, FINDINGS, filters, query.host, left_out)


def host_exports(prefix: str, query: HostsQuery) -> ExportLinks:
    """The hosts view's exports."""
    filters: dict[str, QueryValue] = {"port": query.port, "protocol": query.protocol}
    left_out = [name for name in ("service", "product", "cve") if getattr(query, name)]
    return _links(prefix, HOSTS, filters, query.host, left_out)


def _links(
    prefix: str, path: str, filters: dict[str, QueryValue], host: str | None, left_out: list[str]
) -> ExportLinks:
    if host is not None and "/" in host:
        left_out = ["network", *left_out]
    elif host is not None:
        filters = {"node_ip": host, **filters}
    links = [(label, href(prefix, path, {"format": name, **filters})) for name, label in FORMATS]
    return ExportLinks(links=links, left_out=left_out)
