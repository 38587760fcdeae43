"""Property: WhatWeb's JSON parser returns targets or raises ParseError for any input: recorded runs
with keys dropped, retyped or nested wrongly, and their bytes damaged."""

import json
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from aucote.tools.errors import ParseError
from aucote.tools.whatweb.parse import parse_whatweb_json
from tests.support.mutations import SETTINGS, deeply_nested, json_bytes, mutated_bytes, mutated_json

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "whatweb"
RECORDED = tuple(path.read_bytes() for path in sorted(FIXTURES.glob("*.json")))
DOCUMENTS = tuple(json.loads(data) for data in RECORDED)


@settings(**SETTINGS)
@given(json_bytes(mutated_json(DOCUMENTS)) | mutated_bytes(RECORDED) | st.binary(max_size=64))
@example(deeply_nested("[", "]").encode())  # json.loads: RecursionError
@example(b'[{"target": "http://a", "http_status": ' + b"9" * 5000 + b"}]")  # int() digit limit
def test_any_input_gives_targets_or_parse_error(data: bytes) -> None:
    try:
        targets = parse_whatweb_json(data)
    except ParseError:
        return
    for target in targets:
        assert isinstance(target.url, str) and isinstance(target.status, int)
        assert all(isinstance(plugin.identified, bool) for plugin in target.plugins)
