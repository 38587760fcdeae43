"""Readable problem lines (`file: exploit 72: ports: …`) from pydantic errors."""

from pydantic import ValidationError
from pydantic_core import ErrorDetails


def entry_label(kind: str, raw: object, position: int) -> str:
    """`exploit 72` when the item has an integer id, otherwise `exploit entry #3` (1-based)."""
    exploit_id = raw.get("id") if isinstance(raw, dict) else None
    if isinstance(exploit_id, int) and not isinstance(exploit_id, bool):
        return f"{kind} {exploit_id}"
    return f"{kind} entry #{position}"


def validation_problems(prefix: str, error: ValidationError) -> list[str]:
    """One line per pydantic error: `<prefix>: <field>: <message>`."""
    return [f"{prefix}: {_field(detail)}: {_message(detail)}" for detail in error.errors()]


def _field(detail: ErrorDetails) -> str:
    text = ""
    for part in detail["loc"]:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text or "(entry)"


def _message(detail: ErrorDetails) -> str:
    kind = detail["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "value_error":
        return str(detail.get("ctx", {}).get("error", detail["msg"]))
    if kind == "string_pattern_mismatch":
        noun = _NOUNS.get(str(detail["loc"][0]), "value")
        return f"bad {noun} {_short(detail.get('input'))} (expected {_SHAPES.get(noun, 'another form')})"
    return f"{detail['msg']} (got {_short(detail.get('input'))})"


_NOUNS = {
    "app": "app name",
    "name": "name",
    "services": "service name",
    "cve": "CVE id",
    "tags": "tag",
}
_SHAPES = {
    "app name": "lower-case letters, digits and '-'",
    "name": "letters, digits, '.', '_' and '-'",
    "service name": "an nmap service name: letters, digits, '.', '_', '/', '+' and '-'",
    "CVE id": "CVE-YYYY-NNNN",
    "tag": "lower-case letters, digits and '-'",
}


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
