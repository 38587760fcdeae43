"""The recorded nmap XML reports in tests/fixtures/nmap (see record.py there for how they were made)."""

from pathlib import Path

from aucote.tools.nmap.report import NmapRun
from aucote.tools.nmap.xml import parse_nmap_xml

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "nmap"


def raw(name: str) -> bytes:
    return (FIXTURES / f"{name}.xml").read_bytes()


def recorded(name: str) -> NmapRun:
    return parse_nmap_xml(raw(name))
