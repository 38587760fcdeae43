"""Pydantic validation errors translated into configuration problems keyed by dotted paths."""

from collections.abc import Sequence

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from aucote.config.errors import ConfigProblem, KeyedProblems

_CONTAINERS = {("portdetection", "scanners"), ("tools", "by_name")}
_EXPECTED = {
    "dict_type": "expected a mapping of keys",
    "model_type": "expected a mapping of keys",
    "list_type": "expected a list",
    "int_type": "expected an integer",
    "float_type": "expected a number",
    "bool_type": "expected true or false",
    "string_type": "expected a string",
}


def problems_from_validation_error(error: ValidationError) -> list[ConfigProblem]:
    """One problem per pydantic error (validators' KeyedProblems expanded), in pydantic's order."""
    problems: list[ConfigProblem] = []
    for details in error.errors():
        key = key_path(details["loc"])
        cause = details.get("ctx", {}).get("error")
        if isinstance(cause, KeyedProblems):
            problems.extend(ConfigProblem(_joined(key, p.key), p.message) for p in cause.problems)
        else:
            problems.append(ConfigProblem(key, _message(details)))
    return problems


def key_path(loc: Sequence[int | str]) -> str:
    """`('portdetection', 'scanners', 'tcp', 'scripts', 2)` -> `portdetection.tcp.scripts[2]`."""
    parts = [part for index, part in enumerate(loc) if index != 1 or (loc[0], part) not in _CONTAINERS]
    path = ""
    for part in parts:
        path = f"{path}[{part}]" if isinstance(part, int) else _joined(path, part)
    return path


def _joined(prefix: str, key: str) -> str:
    if not prefix or not key:
        return prefix or key
    return f"{prefix}{key}" if key.startswith("[") else f"{prefix}.{key}"


def _message(details: ErrorDetails) -> str:
    kind, value = details["type"], details.get("input")
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "missing required key"
    if kind == "value_error":
        return str(details.get("ctx", {}).get("error", details["msg"]))
    expected = _EXPECTED.get(kind) or details["msg"][:1].lower() + details["msg"][1:]
    return f"{expected}, got {_shown(value)}"


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."
