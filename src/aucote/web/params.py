"""The query parameters of the pages, as pydantic models (unknown ones refused). The value types and
their validation are the API's (`aucote.api.params`: risk, port, protocol, text, triage view …,
any case where the API takes any case) and so is the reading of a triage view
(`aucote.api.filters.triage_filter`); the pages add an address or network, a day, keyset cursors
and the list's state and order (the storage's own enums)."""

from datetime import UTC, date, datetime, time
from ipaddress import ip_address, ip_network
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BeforeValidator, Field

from aucote.api.filters import triage_filter
from aucote.api.params import (
    CheckStatusFilter,
    MinRisk,
    Parameters,
    PortNumber,
    ProtocolName,
    RiskName,
    Text,
    TriageFilterValue,
    lower,
    protocol_number,
)
from aucote.model.status import RiskLevel
from aucote.storage.queries.findings import FindingFilter, FindingSort, FindingState
from aucote.storage.queries.hosts import HostFilter

MAX_ROWS = 500
MAX_COUNT = 1_000_000


def _address_or_network(value: str) -> str:
    if "/" in value:
        return str(ip_network(value, strict=False))
    return str(ip_address(value))


HostText = Annotated[str, Field(max_length=64), AfterValidator(_address_or_network)]
"""An address (`10.0.0.5`) or a network (`10.0.0.0/24`, host bits allowed)."""
CursorText = Annotated[str, Field(max_length=300, pattern=r"^[^\x00]*$")]
Rows = Annotated[int, Field(ge=1, le=MAX_ROWS)]
TriageDone = Literal["set", "cleared"]
"""What an operator's triage form did (the notice shown after it)."""


def split_host(host: str | None) -> dict[str, Any]:
    """An address as `node_ip`, a network as `network` (for the storage filters)."""
    if host is None:
        return {}
    return {"network": ip_network(host)} if "/" in host else {"node_ip": host}


def day_start(day: date | None) -> float | None:
    """Midnight UTC of `day`, in epoch seconds."""
    return None if day is None else datetime.combine(day, time(), UTC).timestamp()


class Keyset(Parameters):
    """Rows per page and where the page starts: after or before a row's cursor."""

    TRANSIENT: ClassVar[frozenset[str]] = frozenset({"after", "before"})
    """Parameters the links to other pages of the same view leave out."""

    limit: Rows = 50
    after: CursorText | None = None
    before: CursorText | None = None


class TriageNotice(Parameters):
    """After an operator's triage form (Post/Redirect/Get): what it did (`triaged`) to how many
    exploits on ports (`count`)."""

    triaged: TriageDone | None = None
    count: Annotated[int, Field(ge=0, le=MAX_COUNT)] | None = None


class FindingsQuery(Keyset, TriageNotice):
    """The findings list's filters and order (and the notice of a triage form)."""

    TRANSIENT: ClassVar[frozenset[str]] = frozenset({"after", "before", "triaged", "count"})

    state: Annotated[FindingState, BeforeValidator(lower)] = FindingState.OPEN
    info: bool = False
    risk: RiskName | None = None
    min_risk: MinRisk | None = None
    exploit: Text | None = None
    cve: Text | None = None
    host: HostText | None = None
    port: PortNumber | None = None
    protocol: ProtocolName | None = None
    scanner: Text | None = None
    first_seen: date | None = None
    triage: TriageFilterValue | None = None
    sort: Annotated[FindingSort, BeforeValidator(lower)] = FindingSort.NEWEST

    def where(self, now: float) -> FindingFilter:
        """The storage filter; a triage view applies as of `now`."""
        return FindingFilter(
            state=self.state,
            informational=self.info,
            risk=None if self.risk is None else RiskLevel(self.risk),
            min_risk=None if self.min_risk is None else RiskLevel(self.min_risk),
            exploit=self.exploit,
            cve=self.cve,
            port=self.port,
            protocol=protocol_number(self.protocol),
            scanner=self.scanner,
            first_seen_since=day_start(self.first_seen),
            triage=triage_filter(self.triage, now),
            **split_host(self.host),
        )


class HostsQuery(Keyset):
    """The hosts list's search."""

    host: HostText | None = None
    port: PortNumber | None = None
    protocol: ProtocolName | None = None
    service: Text | None = None
    product: Text | None = None
    cve: Text | None = None

    def where(self) -> HostFilter:
        """The storage filter."""
        return HostFilter(
            port=self.port,
            protocol=protocol_number(self.protocol),
            service=self.service,
            product=self.product,
            cve=self.cve,
            **split_host(self.host),
        )


class ScanQuery(Parameters):
    """Which checks of a scan to list: a status (FAILED when not given), a page of them."""

    status: CheckStatusFilter | None = None
    page: Annotated[int, Field(ge=0, le=1_000_000)] = 0


class NoQuery(Parameters):
    """A page without parameters."""


class ScannersQuery(Parameters):
    """The scanners page: after a start or stop, what came of it (`notice`) for which scanner."""

    notice: Literal["started", "stopping", "running", "idle", "disabled", "unknown"] | None = None
    scanner: Text | None = None
