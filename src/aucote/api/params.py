"""Query parameters of every endpoint, as pydantic models: FastAPI validates them (a bad value is
a 400 naming the parameter), rejects any parameter not declared (400 "Unknown parameter"), and
documents them in the OpenAPI document."""

from ipaddress import ip_address
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic.json_schema import SkipJsonSchema

from aucote.model.protocol import Protocol
from aucote.storage.queries.paging import Window
from aucote.storage.queries.records import MAX_ID

MAX_LIMIT = 1000
MAX_PAGE = 10_000_000


def _ip(value: str) -> str:
    return str(ip_address(value))


def upper(value: object) -> object:
    """A text in capitals (any case accepted); anything else as is."""
    return value.upper() if isinstance(value, str) else value


def lower(value: object) -> object:
    """A text in small letters (any case accepted); anything else as is."""
    return value.lower() if isinstance(value, str) else value


def capitalised(value: object) -> object:
    """A text capitalised (`high` → `High`); anything else as is."""
    return value.capitalize() if isinstance(value, str) else value


Absent = SkipJsonSchema[None]  # an optional parameter: documented by its type alone
RowId = Annotated[int, Field(ge=0, le=MAX_ID)]
PortNumber = Annotated[int, Field(ge=0, le=65535)]
Seconds = Annotated[float, Field(allow_inf_nan=False, description="Epoch seconds")]
Text = Annotated[str, Field(min_length=1, max_length=256, pattern=r"^[^\x00]*$")]
ProtocolName = Annotated[Literal["TCP", "UDP", "SCTP"], BeforeValidator(upper)]
Ip = Annotated[
    str,
    AfterValidator(_ip),
    WithJsonSchema({"anyOf": [{"type": "string", "format": "ipv4"}, {"type": "string", "format": "ipv6"}]}),
]
# The values of model.status.RiskLevel, ScanStatus, CheckStatus and CheckReason, and of
# model.export.ExportFormat (a test keeps them equal).
Risk = Literal["None", "Low", "Medium", "High"]
Status = Literal["IN PROGRESS", "DONE", "CANCELLED", "FAILED", "INTERRUPTED"]
CheckStatusName = Literal["QUEUED", "RUNNING", "DONE", "FAILED", "TIMEOUT", "SKIPPED", "CANCELLED"]
ReasonCode = Literal[
    "tool_missing",
    "timeout",
    "tool_error",
    "script_error",
    "check_error",
    "unreachable",
    "locked_out",
    "not_applicable",
    "intrusive_disabled",
    "default_credentials_disabled",
    "disabled",
    "no_check",
    "cancelled",
    "nmap_error",
    "job_failed",
    "worker_lost",
]
# The values of model.access.AuditAction (a test keeps them equal).
AuditActionName = Literal[
    "login",
    "login_failed",
    "logout",
    "token_created",
    "token_revoked",
    "user_added",
    "user_disabled",
    "user_enabled",
    "user_password",
    "user_role",
    "scanner_start",
    "scanner_stop",
    "service_kill",
    "triage",
]
AuditActionFilter = Annotated[
    AuditActionName, BeforeValidator(lower), Field(description="What the entry records, any case")
]
RiskName = Annotated[Risk, BeforeValidator(capitalised), Field(description="A risk level, any case")]
MinRisk = Annotated[
    Risk,
    BeforeValidator(capitalised),
    Field(description="Risk levels at or above this one (None < Low < Medium < High), any case"),
]
CheckStatusFilter = Annotated[
    CheckStatusName, BeforeValidator(upper), Field(description="The security scan's status, any case")
]
ReasonFilter = Annotated[
    ReasonCode, BeforeValidator(lower), Field(description="Why the security scan is not a plain DONE")
]
ExportFormatName = Annotated[
    Literal["csv", "json", "sarif", "defectdojo"],
    BeforeValidator(lower),
    Field(
        description="The file format: csv, json, sarif (SARIF 2.1.0) or defectdojo (Generic Findings Import)"
    ),
]
Include = Annotated[
    Literal["outcome"],
    BeforeValidator(lower),
    Field(description="`outcome`: add each security scan's status, reason, detail and duration"),
]
# The values of model.triage.TriageView and TriageState (a test keeps them equal).
TriageViewName = Literal["untriaged", "triaged", "accepted_risk", "false_positive", "fix_pending", "changed"]
TriageStateName = Literal["accepted_risk", "false_positive", "fix_pending"]
TriageFilterValue = Annotated[
    TriageViewName,
    BeforeValidator(lower),
    Field(
        description="Findings by their triage: untriaged (none applies), triaged (any), one state, or "
        "changed (triaged, then different evidence was reported)"
    ),
]
TriageStateFilter = Annotated[TriageStateName, BeforeValidator(lower), Field(description="The triage state")]
FindingInclude = Annotated[
    Literal["triage"],
    BeforeValidator(lower),
    Field(description="`triage`: add the triage applying to each finding (null when none)"),
]


def protocol_number(name: str | None) -> int | None:
    """The IANA number of a protocol name."""
    return None if name is None else int(Protocol[name])


class Parameters(BaseModel):
    """Base of every parameter set: nothing undeclared is accepted."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NoParameters(Parameters):
    """An endpoint without query parameters."""


class Paging(Parameters):
    """`limit` rows of page `page` (0 first)."""

    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT, description="Rows per page")] = 10
    page: Annotated[int, Field(ge=0, le=MAX_PAGE, description="Page number, 0 first")] = 0

    def window(self) -> Window:
        """The page asked for."""
        return Window(self.limit, self.page)
