"""`aucote cve import FILE`: loads a feed into the database, re-imports replace, bad files exit 2."""

import json
import time
from pathlib import Path

import typer
from sqlalchemy import select
from typer.testing import CliRunner

from aucote.cli import cve_commands
from aucote.storage.database import open_engine
from aucote.storage.queries.cves import CveCounts, StoredCveLookup, count_cves
from aucote.storage.tables import cve_imports
from tests.cve.feeds import FEED_11, FEED_20, FEED_20_SSVC


def invoke(*args: str) -> tuple[int, str]:
    """Exit code and output, with Rich's line wrapping undone."""
    app = typer.Typer()
    app.add_typer(cve_commands.build(), name="cve")
    result = CliRunner().invoke(app, ["cve", *args])
    return result.exit_code, " ".join(result.output.split())


def stored(url: str) -> CveCounts:
    engine = open_engine(url)
    try:
        with engine.connect() as connection:
            return count_cves(connection)
    finally:
        engine.dispose()


def test_import_and_reimport(database_url: str) -> None:
    code, output = invoke("import", str(FEED_11), "--db", database_url)
    assert code == 0, output
    assert f"Imported 2 CVEs with 7 vulnerable CPE criteria from {FEED_11} (NVD 1.1; 0 rejected" in output
    for _ in range(2):
        code, output = invoke("import", str(FEED_20), "--db", database_url)
        assert code == 0, output
        assert "Imported 3 CVEs with 13 vulnerable CPE criteria" in output
        assert output.endswith("holds 4 CVEs, 14 criteria.")
    assert stored(database_url) == CveCounts(4, 14)
    engine = open_engine(database_url)
    assert {m.cve_id for m in StoredCveLookup(engine).matches("apache", "http_server")} == {
        "CVE-2021-41773",
        "CVE-2021-42013",
    }
    engine.dispose()


def test_each_import_is_noted_with_its_time(database_url: str) -> None:
    before = time.time()
    for feed in (FEED_11, FEED_20):
        assert invoke("import", str(feed), "--db", database_url)[0] == 0
    engine = open_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(select(cve_imports).order_by(cve_imports.c.id)).all()
    engine.dispose()
    assert [(row.file_name, row.cves) for row in rows] == [(FEED_11.name, 2), (FEED_20.name, 3)]
    assert before <= rows[0].time <= rows[1].time <= time.time()


def test_a_failed_import_notes_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'aucote.sqlite3'}"
    bad = tmp_path / "broken.json"
    bad.write_text('{"vulnerabilities": [{"cve": {"id": "CVE-2021-1", "published": "no"}}]}')
    assert invoke("import", str(bad), "--db", url)[0] == 2
    engine = open_engine(url)
    with engine.connect() as connection:
        assert connection.execute(select(cve_imports)).all() == []
    engine.dispose()


def test_bad_file_names_the_file_and_the_problem(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'aucote.sqlite3'}"
    good = json.loads(FEED_20.read_text())
    good["vulnerabilities"].append({"cve": {"id": "CVE-2021-99999", "published": "not a date"}})
    bad = tmp_path / "broken.json"
    bad.write_text(json.dumps(good))
    code, message = invoke("import", str(bad), "--db", url)
    assert code == 2
    assert f"error: {bad}: item #4 (CVE-2021-99999): Invalid isoformat string: 'not a date'" in message
    assert "(nothing was imported)" in message
    assert stored(url) == CveCounts(0, 0)


def test_missing_file(tmp_path: Path) -> None:
    code, message = invoke(
        "import", str(tmp_path / "nvdcve-2.0-2024.json"), "--db", f"sqlite:///{tmp_path / 'db'}"
    )
    assert code == 2
    assert "nvdcve-2.0-2024.json: cannot read the file (No such file or directory)" in message


def test_unknown_metric_kinds_do_not_empty_the_feed(database_url: str) -> None:
    code, output = invoke("import", str(FEED_20_SSVC), "--db", database_url)
    assert code == 0, output
    assert (
        f"Imported 2 CVEs with 3 vulnerable CPE criteria from {FEED_20_SSVC} "
        "(NVD 2.0; 0 rejected CVEs removed; ignored metric kinds: ssvcV203 (2 records))."
    ) in output
    assert stored(database_url) == CveCounts(2, 3)
    engine = open_engine(database_url)
    [match, *_] = StoredCveLookup(engine).matches("apache", "log4j")
    engine.dispose()
    assert (match.cve_id, match.cvss) == ("CVE-2021-44228", 10.0)
