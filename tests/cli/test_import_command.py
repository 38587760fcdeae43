"""`aucote import` on recorded nmap XML: rows stored on both backends, clear errors on bad files."""

from pathlib import Path

from sqlalchemy import Engine, select
from typer.testing import CliRunner

from aucote.cli.main import build_app
from aucote.storage.tables import port_scans, scans, security_scans, vulnerabilities

FIXTURES = Path(__file__).parent.parent / "fixtures" / "nmap"


def _import(database_url: str, path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(build_app(), ["import", str(path), "--db", database_url])
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
