"""The shape of one entry of the catalogue file, validated field by field (pydantic)."""

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator

from aucote.catalog.entry import CATEGORIES, PROFILES, CatalogEntry, ReservedId
from aucote.catalog.ports import PortSet, parse_ports
from aucote.catalog.rule import FindingRule, RuleKind
from aucote.model.exploit import Exploit
from aucote.model.status import RiskLevel

Identifier = Annotated[str, StringConstraints(strict=True, pattern=r"^[a-z0-9][a-z0-9-]*$")]
ScriptName = Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
ServiceName = Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9._/+-]*$")]
CveId = Annotated[str, StringConstraints(strict=True, pattern=r"^CVE-[0-9]{4}-[0-9]{4,}$")]
Text = Annotated[str, Field(strict=True)]


class EntryModel(BaseModel):
    """One item of `exploits:` in the catalogue file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: int = Field(strict=True, ge=1)
    app: Identifier
    name: ScriptName
    title: Annotated[str, StringConstraints(strict=True, min_length=1, strip_whitespace=True)]
    description: Text = ""
    risk_level: RiskLevel
    category: str
    services: list[ServiceName] = Field(default_factory=list)
    ports: PortSet = Field(default_factory=frozenset)
    cve: list[CveId] = Field(default_factory=list)
    cvss: float = Field(default=0.0, ge=0.0, le=10.0)
    tags: list[Identifier] = Field(default_factory=list)
    profiles: list[str]
    intrusive: bool = Field(default=False, strict=True)
    default_credentials: bool = Field(default=False, strict=True)
    node_level: bool = Field(default=False, strict=True)
    rule: RuleKind
    pattern: str | None = Field(default=None, validate_default=True)
    script_args: dict[str, Text] = Field(default_factory=dict)

    @field_validator("cvss", mode="before")
    @classmethod
    def _cvss_number(cls, value: object) -> object:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"expected a number from 0 to 10, got {value!r}")
        return value

    @field_validator("category")
    @classmethod
    def _known_category(cls, value: str) -> str:
        if value not in CATEGORIES:
            raise ValueError(f"unknown category {value!r} (expected one of {', '.join(CATEGORIES)})")
        return value

    @field_validator("ports", mode="before")
    @classmethod
    def _port_spec(cls, value: object) -> PortSet:
        items = value if isinstance(value, list) else [value]
        if all(isinstance(item, str | int) and not isinstance(item, bool) for item in items):
            return parse_ports([str(item) for item in items])
        raise ValueError(f"expected a port spec like 'TCP:80,443,UDP:53' or a list of them, got {value!r}")

    @field_validator("profiles")
    @classmethod
    def _known_profiles(cls, value: list[str]) -> list[str]:
        unknown = [profile for profile in value if profile not in PROFILES]
        if unknown:
            raise ValueError(f"unknown profile {unknown[0]!r} (expected {' and/or '.join(PROFILES)})")
        if "basic" in value and "advanced" not in value:
            raise ValueError("a 'basic' entry must also be in 'advanced'")
        return value

    @field_validator("pattern")
    @classmethod
    def _pattern_for_rule(cls, value: str | None, info: ValidationInfo) -> str | None:
        rule = info.data.get("rule")
        if rule is RuleKind.PATTERN and not value:
            raise ValueError("required when rule is 'pattern'")
        if rule is not RuleKind.PATTERN and value is not None:
            raise ValueError("only allowed when rule is 'pattern'")
        if value is not None:
            try:
                re.compile(value)
            except re.error as error:
                raise ValueError(f"bad regular expression {value!r} ({error})") from None
        return value


class ReservedModel(BaseModel):
    """One item of `reserved:`: an id no other check may take, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: int = Field(strict=True, ge=1)
    reason: Annotated[str, StringConstraints(strict=True, min_length=1)]
    app: Identifier | None = None
    name: ScriptName | None = None


class CatalogFileModel(BaseModel):
    """The top level of the file; entries are validated one by one by the loader."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(strict=True, ge=1, le=1)
    definitions: dict[str, object] = Field(default_factory=dict)
    exploits: list[object]
    reserved: list[object] = Field(default_factory=list)


def to_entry(model: EntryModel) -> CatalogEntry:
    """The immutable catalogue entry a validated model stands for."""
    exploit = Exploit(
        id=model.id,
        app=model.app,
        name=model.name,
        title=model.title,
        description=model.description.strip(),
        risk_level=model.risk_level,
        services=frozenset(model.services),
        ports=model.ports,
        category=model.category,
        cve=tuple(dict.fromkeys(model.cve)),
        cvss=float(model.cvss),
        tags=frozenset(model.tags),
        profiles=frozenset(model.profiles),
        intrusive=model.intrusive,
        default_credentials=model.default_credentials,
    )
    rule = FindingRule(model.rule, model.pattern)
    return CatalogEntry(exploit, rule, tuple(sorted(model.script_args.items())), model.node_level)


def to_reserved(model: ReservedModel) -> ReservedId:
    """The reserved id a validated model stands for."""
    return ReservedId(model.id, model.reason, model.app, model.name)
