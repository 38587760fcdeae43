"""`aucote import` on recorded nmap XML: rows stored on both backends, clear errors on bad files."""

from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from aucote.cli.main import build_app
from aucote.storage.database import open_engine
from aucote.storage.tables import port_scans, scans, security_scans, vulnerabilities

FIXTURES = Path(__file__).parent.parent / "fixtures" / "nmap"


def _import(database_url: str, path: Path) -> tuple[int, str]:
    # A terminal wide enough for the file's path: rich would wrap a long one at a space.
    result = CliRunner().invoke(
        build_app(), ["import", str(path), "--db", database_url], env={"COLUMNS": "400"}
    )
    return result.exit_code, result.output


def test_import_stores_ports_services_and_script_findings(database_url: str, engine: Engine) -> None:
    code, output = _import(database_url, FIXTURES / "scripts_vulnerable.xml")
    assert code == 0, output
    with engine.connect() as connection:
        scanners = {row.scanner: row.status for row in connection.execute(select(scans))}
        ports = connection.execute(select(port_scans.c.port)).scalars().all()
        checks = connection.execute(select(security_scans.c.exploit_id, security_scans.c.status)).all()
        found = connection.execute(select(vulnerabilities.c.exploit_id, vulnerabilities.c.cve)).all()
    assert scanners == {"tcp": "DONE", "tools_basic": "DONE"}
    assert len(ports) == 1
    assert (72, "DONE") in [tuple(row) for row in checks]
    assert any(row.exploit_id == 72 and row.cve == "CVE-2011-3192" for row in found)


def test_import_service_scan_records_every_open_port(database_url: str, engine: Engine) -> None:
    code, output = _import(database_url, FIXTURES / "service_scan.xml")
    assert code == 0, output
    with engine.connect() as connection:
        rows = connection.execute(select(port_scans.c.port, port_scans.c.service_name)).all()
    assert rows and all(name for _port, name in rows)


def test_import_refuses_a_file_that_is_not_nmap_xml(tmp_path: Path) -> None:
    bad = tmp_path / "report.xml"
    bad.write_text("this is not xml")
    code, output = _import(f"sqlite:///{tmp_path / 'db.sqlite3'}", bad)
    assert code == 2
    assert f"{bad}: not a readable nmap XML report" in output.replace("\n", "")


def test_import_of_a_missing_file_names_it(tmp_path: Path) -> None:
    code, output = _import(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path / "missing.xml")
    assert code == 2
    assert "missing.xml: cannot read" in output.replace("\n", "")


def test_importing_the_same_file_again_names_the_first_import(database_url: str, engine: Engine) -> None:
    path = FIXTURES / "loopback_dns_tcp_udp.xml"
    code, first = _import(database_url, path)
    assert code == 0, first
    code, again = _import(database_url, path)
    assert code == 0, again
    assert (
        again.replace("\n", "")
        == f"{path}: already imported as scans tcp #1, udp #2, tools_basic #3; nothing stored"
    )
    with engine.connect() as connection:
        assert len(connection.execute(select(scans)).all()) == 3


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('addr="127.31.0.1"', 'addr="x.x.x.x"', "nmap XML <address addr='x.x.x.x'> is not an IP address"),
        (
            'start="1796416046"',
            'start=""',
            None,
        ),
    ],
)
def test_a_bad_report_is_refused_with_one_line_and_nothing_stored(
    tmp_path: Path, old: str, new: str, message: str | None
) -> None:
    """Derived: the real all-closed report with its address anonymised, or without any time."""
    text = (FIXTURES / "loopback_all_closed.xml").read_text().replace(old, new)
    if message is None:
        text = text.replace('time="1796416046"', 'time=""')
        message = "not imported (the report has neither a <nmaprun start> nor a <finished time>)"
    bad = tmp_path / "report.xml"
    bad.write_text(text)
    database = tmp_path / "db.sqlite3"
    code, output = _import(f"sqlite:///{database}", bad)
    assert code == 2
    assert len(output.strip().splitlines()) <= 3 and "Traceback" not in output
    assert message in output.replace("\n", "")
    engine = open_engine(f"sqlite:///{database}")
    if database.exists():
        with engine.connect() as connection:
            assert connection.execute(select(scans)).all() == []
    engine.dispose()
