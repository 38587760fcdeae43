"""The `portdetection` section: fixed keys plus one mapping per scanner name."""

from typing import Any

from pydantic import (
    Field,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)

from aucote.config.base import Section
from aucote.config.errors import KeyedProblems
from aucote.config.fields import Period
from aucote.config.scanner import ScannerSettings
from aucote.config.scanners import (
    BUILT_IN_TOOLS_SCANNERS,
    PORT_SCANNERS,
    active_scanner_names,
    scanner_problems,
)

_FIXED_KEYS = frozenset({"security_scans", "expiration_period", "_internal"})


class InternalSettings(Section):
    """`portdetection._internal`: rarely changed knobs."""

    port_period: Period = 0.0
    broadcast: bool = False


def _generic_scanners() -> dict[str, ScannerSettings]:
    return {name: ScannerSettings() for name in (*PORT_SCANNERS, *BUILT_IN_TOOLS_SCANNERS)}


class PortDetectionSettings(Section):
    """Scanner sections live in `scanners`; in the file they sit directly under `portdetection`.

    The field defaults here are generic; the documented defaults are those of aucote.default.yaml,
    which `load_settings` always applies (use `load_settings(None, environ={})` in tests).
    """

    security_scans: list[str] = Field(default_factory=lambda: ["tools_basic", "tools_advanced"])
    expiration_period: Period = 7 * 86400.0
    internal: InternalSettings = Field(default_factory=InternalSettings, alias="_internal")
    scanners: dict[str, ScannerSettings] = Field(default_factory=_generic_scanners)

    @model_validator(mode="before")
    @classmethod
    def _split_scanners(cls, data: Any) -> Any:
        if not isinstance(data, dict) or "scanners" in data:
            return data
        fixed = {key: value for key, value in data.items() if key in _FIXED_KEYS}
        scanners = {key: value for key, value in data.items() if key not in _FIXED_KEYS}
        return {**fixed, "scanners": scanners} if scanners else fixed

    @model_validator(mode="after")
    def _consistent_scanners(self) -> "PortDetectionSettings":
        problems = scanner_problems(self.security_scans, self.scanners)
        if problems:
            raise KeyedProblems(problems)
        return self

    @model_serializer(mode="wrap")
    def _flat_scanners(self, handler: SerializerFunctionWrapHandler, _info: SerializationInfo) -> Any:
        data = handler(self)
        scanners = data.pop("scanners", {})
        return {**data, **scanners} if isinstance(data, dict) else data

    def active_scanners(self) -> dict[str, ScannerSettings]:
        """The scanners that run (tcp, udp, then `security_scans`), by name, enabled or not."""
        return {name: self.scanners[name] for name in active_scanner_names(self.security_scans)}


def scanner_profile(name: str) -> str:
    """The exploit profile an empty `scripts` list stands for: the name without `tools_` (basic, advanced)."""
    return name.removeprefix("tools_")
