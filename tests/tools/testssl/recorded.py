"""The recorded testssl JSON files in tests/fixtures/testssl (see record.py there for how they were made)."""

from pathlib import Path

from aucote.tools.testssl.parse import parse_testssl_json
from aucote.tools.testssl.report import TestsslReport

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "testssl"


def raw(name: str) -> bytes:
    return (FIXTURES / f"{name}.json").read_bytes()


def recorded(name: str) -> TestsslReport:
    return parse_testssl_json(raw(name))
