"""Property: testssl's JSON parser returns a report or raises ParseError for any input: recorded
runs with keys dropped, retyped or nested wrongly, and their bytes damaged."""

import json
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from aucote.tools.errors import ParseError
from aucote.tools.testssl.parse import parse_testssl_json
from tests.support.mutations import SETTINGS, deeply_nested, json_bytes, mutated_bytes, mutated_json

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "testssl"
RECORDED = tuple(path.read_bytes() for path in sorted(FIXTURES.glob("*.json")))
DOCUMENTS = tuple(json.loads(data) for data in RECORDED)


@settings(**SETTINGS)
@given(json_bytes(mutated_json(DOCUMENTS)) | mutated_bytes(RECORDED) | st.binary(max_size=64))
@example(deeply_nested("[", "]").encode())  # json.loads: RecursionError
@example(b'[{"id": "x", "severity": "OK", "finding": ' + b"9" * 5000 + b"}]")  # int() digit limit
def test_any_input_gives_a_report_or_parse_error(data: bytes) -> None:
    try:
        report = parse_testssl_json(data)
    except ParseError:
        return
    assert all(isinstance(flag, bool) for flag in (report.interrupted, report.fatal, report.not_tls))
    assert all(isinstance(problem, str) for problem in report.problems)
    assert all(item.weakness for item in report.weaknesses)


@pytest.mark.parametrize("name", sorted(path.name for path in FIXTURES.glob("*.json")))
def test_recorded_runs_are_read(name: str) -> None:
    assert parse_testssl_json((FIXTURES / name).read_bytes()).items
