"""Property: any report — real recordings with attributes mutated — is stored or refused with one
line (ParseError from the parser, ImportRefused from the importer), never anything else; a refused
report stores nothing."""

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import Engine, func, select

from aucote.catalog.loader import load_catalog
from aucote.engine.import_window import ImportRefused
from aucote.engine.importer import ReportFile, import_report
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from aucote.storage.tables import scans
from aucote.tools.errors import ParseError
from aucote.tools.nmap.xml import parse_nmap_xml
from tests.tools.nmap.test_xml_property import mutated_reports

CATALOG = load_catalog()


@pytest.fixture(scope="module")
def shared_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    path: Path = tmp_path_factory.mktemp("import") / "aucote.sqlite3"
    engine = open_engine(f"sqlite:///{path}")
    upgrade(engine)
    yield engine
    engine.dispose()


def _scan_count(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(scans)).scalar_one())


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated_reports())
def test_any_report_is_stored_or_refused_with_one_line(shared_engine: Engine, text: str) -> None:
    data = text.encode()
    file = ReportFile(name="report.xml", sha256=hashlib.sha256(data).hexdigest())
    before = _scan_count(shared_engine)
    try:
        summary = import_report(
            shared_engine, parse_nmap_xml(data), CATALOG, "tools_basic", file=file, now=1.0
        )
    except (ParseError, ImportRefused) as error:
        assert str(error) and "\n" not in str(error).strip()
        assert _scan_count(shared_engine) == before
        return
    assert _scan_count(shared_engine) == before + (0 if summary.already else len(summary.scan_ids))
