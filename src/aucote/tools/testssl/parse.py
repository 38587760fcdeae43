"""Reading testssl.sh's flat JSON file (`--jsonfile`): a list of {id, ip, port, severity, cve?,
cwe?, finding}."""

import json
from typing import Any, Final

from aucote.tools.errors import ParseError
from aucote.tools.testssl.report import Severity, TestsslItem, TestsslReport

_ALIASES: Final = {"NOT OK": Severity.LOW, "MINOR": Severity.LOW, "ERROR": Severity.FATAL}
"""Severities of older testssl versions, in the original's scale."""


def parse_testssl_json(data: bytes) -> TestsslReport:
    """The report in `data`; ParseError when it is empty, truncated or not testssl's format."""
    try:
        document = json.loads(data.decode("utf-8", errors="replace"))
    except (ValueError, RecursionError) as error:  # JSONDecodeError, too many digits, nested too deep
        raise ParseError(f"testssl JSON unreadable: {error}") from None
    if not isinstance(document, list):
        raise ParseError("testssl JSON is not a list of results")
    return TestsslReport(tuple(_item(entry, index) for index, entry in enumerate(document)))


def _item(entry: Any, index: int) -> TestsslItem:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        raise ParseError(f"testssl JSON result #{index + 1} has no id")
    return TestsslItem(
        id=entry["id"],
        severity=_severity(entry["id"], entry.get("severity")),
        finding=str(entry.get("finding", "")).strip(),
        cve=_text(entry.get("cve")),
        cwe=_text(entry.get("cwe")),
    )


def _severity(item_id: str, value: object) -> Severity:
    name = str(value or "").strip().upper()
    if name in _ALIASES:
        return _ALIASES[name]
    try:
        return Severity(name)
    except ValueError:
        raise ParseError(f"testssl JSON result {item_id!r}: unknown severity {value!r}") from None


def _text(value: object) -> str | None:
    """A non-empty string, else None (testssl leaves out cve/cwe or writes them empty)."""
    return value.strip() or None if isinstance(value, str) else None
