"""The `tools` section: one mapping per external tool or built-in check, plus `common` options."""

from typing import Any

from pydantic import (
    ConfigDict,
    Field,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)

from aucote.config.base import Section
from aucote.config.fields import Period

DEFAULT_USER_AGENT = "Mozilla/5.0 (compatible; Aucote security scanner)"


class ToolSettings(Section):
    """`tools.<tool>`: the three common keys typed; tool-specific keys are kept as given."""

    model_config = ConfigDict(extra="allow")

    enable: bool = True
    cmd: str | None = None
    timeout: Period = 7200.0


class HttpSettings(Section):
    """`tools.common.http`: options of every HTTP request a check makes."""

    useragent: str = DEFAULT_USER_AGENT


class CommonToolSettings(Section):
    """`tools.common`: options shared by tools; extra keys are kept as given."""

    model_config = ConfigDict(extra="allow")

    rate: int = Field(default=50, gt=0)
    http: HttpSettings = Field(default_factory=HttpSettings)


class ToolsSettings(Section):
    """Tool sections live in `by_name`; in the file they sit directly under `tools`."""

    common: CommonToolSettings = Field(default_factory=CommonToolSettings)
    by_name: dict[str, ToolSettings] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _split_tools(cls, data: Any) -> Any:
        if not isinstance(data, dict) or "by_name" in data:
            return data
        tools = {key: value for key, value in data.items() if key != "common"}
        return {"common": data.get("common", {}), "by_name": tools}

    @model_serializer(mode="wrap")
    def _flat_tools(self, handler: SerializerFunctionWrapHandler, _info: SerializationInfo) -> Any:
        data = handler(self)
        tools = data.pop("by_name", {})
        return {**data, **tools} if isinstance(data, dict) else data

    def enabled(self, name: str) -> bool:
        """Whether the tool has a section with `enable: true`."""
        tool = self.by_name.get(name)
        return tool is not None and tool.enable
