"""Reading WhatWeb's JSON log (`--log-json`): a list of {target, http_status, plugins: {name: {version?,
string?, os?, …}}}, one entry per requested URL."""

import json
from typing import Any, Final

from aucote.tools.errors import ParseError
from aucote.tools.whatweb.report import Plugin, WhatwebTarget

VALUE_FIELDS: Final = ("string", "os", "model", "firmware", "module", "account", "filepath")
"""The plugin fields other than `version` that carry what a plugin extracted."""


def parse_whatweb_json(data: bytes) -> tuple[WhatwebTarget, ...]:
    """The targets in `data` (none when WhatWeb could not reach the URL); ParseError when `data`
    is empty, truncated or not WhatWeb's format."""
    try:
        document = json.loads(data.decode("utf-8", errors="replace"))
    except (ValueError, RecursionError) as error:  # JSONDecodeError, too many digits, nested too deep
        raise ParseError(f"WhatWeb JSON unreadable: {error}") from None
    if not isinstance(document, list) or not all(isinstance(entry, dict) for entry in document):
        raise ParseError("WhatWeb JSON is not a list of targets")
    return tuple(_target(entry) for entry in document)


def _target(entry: dict[str, Any]) -> WhatwebTarget:
    plugins = entry.get("plugins") or {}
    if not isinstance(plugins, dict):
        raise ParseError(f"WhatWeb JSON target {entry.get('target')!r}: plugins is not a mapping")
    status = entry.get("http_status")
    return WhatwebTarget(
        url=str(entry.get("target", "")),
        status=status if isinstance(status, int) else 0,
        plugins=tuple(_plugin(str(name), fields) for name, fields in plugins.items()),
    )


def _plugin(name: str, fields: object) -> Plugin:
    if not isinstance(fields, dict):
        return Plugin(name)
    versions = _values(fields.get("version"))
    strings = tuple(value for key in VALUE_FIELDS for value in _values(fields.get(key)))
    return Plugin(name, versions, strings)


def _values(value: object) -> tuple[str, ...]:
    """A field's values as strings (WhatWeb writes lists; be lenient with a lone value)."""
    items = value if isinstance(value, list) else [] if value is None else [value]
    return tuple(text for item in items if (text := str(item).strip()))
