"""Hypothesis strategies that damage real input the way the world does: bytes flipped, cut, inserted
or dropped; JSON keys dropped, values retyped or nested in the wrong container; YAML/text lines
shuffled. The property tests of the parsers of foreign input start from recorded real output."""

import copy
import json
from collections.abc import Sequence
from typing import Any, Final

from hypothesis import strategies as st

Json = None | bool | int | float | str | list["Json"] | dict[str, "Json"]

SETTINGS: Final = {"max_examples": 200, "deadline": None}
"""What every property test of a parser runs with: modest, so the whole set stays fast."""

_AWKWARD_BYTES: Final = (b"\x00", b"\xff", b"\x80", b"\x7f", b"\xff\xff\xff\x7f", b"\xc3", b"\r", b"\n")
_AWKWARD_TEXT: Final = ("", "\x00", "\ufffd", "é", "-", ".", "9" * 30, "\n", "{", "[", ":", "&a", "*a")

json_values: st.SearchStrategy[Json] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(_AWKWARD_TEXT),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
"""Any JSON value, small."""


@st.composite
def mutated_bytes(draw: st.DrawFn, seeds: Sequence[bytes], max_edits: int = 6) -> bytes:
    """One of `seeds` with up to `max_edits` random edits (flip, cut, insert, delete)."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(0, max_edits))):
        at = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(("flip", "cut", "insert", "delete")))
        if edit == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif edit == "cut":
            del data[at:]
        elif edit == "insert":
            data[at:at] = draw(st.sampled_from(_AWKWARD_BYTES) | st.binary(min_size=1, max_size=8))
        elif edit == "delete":
            del data[at : at + draw(st.integers(1, 16))]
    return bytes(data)


@st.composite
def mutated_text(draw: st.DrawFn, seeds: Sequence[str], max_edits: int = 6) -> str:
    """One of `seeds` with up to `max_edits` edits of its characters or lines."""
    lines = draw(st.sampled_from(seeds)).splitlines(keepends=True)
    for _ in range(draw(st.integers(0, max_edits))):
        at = draw(st.integers(0, len(lines)))
        edit = draw(st.sampled_from(("drop", "duplicate", "insert", "cut", "indent")))
        if edit == "drop" and at < len(lines):
            del lines[at]
        elif edit == "duplicate" and at < len(lines):
            lines.insert(at, lines[at])
        elif edit == "insert":
            lines.insert(at, draw(st.text(max_size=20) | st.sampled_from(_AWKWARD_TEXT)))
        elif edit == "cut" and at < len(lines):
            line = lines[at]
            lines[at] = line[: draw(st.integers(0, len(line)))]
        elif edit == "indent" and at < len(lines):
            lines[at] = draw(st.sampled_from(("  ", " ", "\t", "- "))) + lines[at]
    return "".join(lines)


@st.composite
def mutated_json(draw: st.DrawFn, seeds: Sequence[Json], max_edits: int = 4) -> Json:
    """A deep copy of one of `seeds` with up to `max_edits` of its keys or items dropped, retyped
    (any JSON value) or nested in the wrong container."""
    document = copy.deepcopy(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, max_edits))):
        places = list(_places(document))
        if not places:
            return draw(json_values)
        container, key = draw(st.sampled_from(places))
        edit = draw(st.sampled_from(("drop", "retype", "nest")))
        if edit == "drop":
            del container[key]
        elif edit == "retype":
            container[key] = draw(json_values)
        else:
            old = container[key]
            container[key] = draw(st.sampled_from(([old], {"value": old}, [[old]])))
    return document


def _places(value: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) in `value`, depth first."""
    keys = list(value) if isinstance(value, dict) else range(len(value)) if isinstance(value, list) else ()
    found: list[tuple[Any, Any]] = []
    for key in keys:
        found.append((value, key))
        found.extend(_places(value[key]))
    return found


def json_bytes(documents: st.SearchStrategy[Json]) -> st.SearchStrategy[bytes]:
    """Documents as UTF-8 JSON text."""
    return documents.map(lambda document: json.dumps(document).encode())


def deeply_nested(opening: str, closing: str, depth: int = 100_000) -> str:
    """A value nested `depth` times: what breaks recursive decoders."""
    return opening * depth + closing * depth
