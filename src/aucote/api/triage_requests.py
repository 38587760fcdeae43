"""The bodies of `PUT /api/v1/triage` (set) and `DELETE /api/v1/triage` (clear): the findings named
one by one (an exploit on a port of a node given by address or id) or by a filter of the finding
list, and for a set the decision. Nothing undeclared is accepted; a bad value is a 400 naming it."""

from typing import Annotated, Self

from pydantic import Field, StringConstraints, model_validator

from aucote.api.filters import VulnerabilityFilters
from aucote.api.params import Ip, Parameters, PortNumber, ProtocolName, RowId, Seconds, TriageStateName

MAX_ITEMS = 1000
Reason = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000, pattern=r"^[^\x00]*$"),
    Field(description="Why (required; shown beside the finding and in the audit log)"),
]


class FindingItem(Parameters):
    """The findings of one exploit on one port; the node by `node_ip` or `node_id` (one of them)."""

    exploit_id: RowId
    node_ip: Ip | None = None
    node_id: RowId | None = None
    port: PortNumber
    protocol: ProtocolName

    @model_validator(mode="after")
    def one_node(self) -> Self:
        """Exactly one of node_ip and node_id."""
        if (self.node_ip is None) == (self.node_id is None):
            raise ValueError("give node_ip or node_id (one of them)")
        return self


class Selection(Parameters):
    """Which findings: `findings` (a list, 1..1000) or `filter` (the finding list's filters), one
    of them (`problem` says when not: the route refuses it)."""

    findings: Annotated[list[FindingItem], Field(min_length=1, max_length=MAX_ITEMS)] | None = None
    filter: VulnerabilityFilters | None = None

    def problem(self) -> str | None:
        """Why the selection is not one (exactly one of findings and filter must be given)."""
        if (self.findings is None) == (self.filter is None):
            return "Invalid parameter 'findings': give findings or filter (one of them)"
        return None


class TriageSet(Selection):
    """Set a triage on the selected findings' exploits and ports."""

    state: TriageStateName
    reason: Reason
    expires: Seconds | None = Field(default=None, description="When it stops applying (epoch seconds)")


class TriageClear(Selection):
    """Clear the triage of the selected findings' exploits and ports."""
