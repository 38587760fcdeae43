"""`aucote export` over recorded nmap reports imported with `aucote import` (both backends): each
format holds exactly the API list's rows; -o writes the same bytes as stdout; a bad option value is
one line naming the option, exit 2; the options are the API's filters."""

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from fastapi.testclient import TestClient
from jsonschema import Draft4Validator
from sqlalchemy import Engine
from typer.main import get_command
from typer.testing import CliRunner

from aucote.api.app import create_app
from aucote.api.filters import FindingExportParameters, HostExportParameters
from aucote.cli.main import build_app
from aucote.storage.database import open_engine
from tests.support.postgres import fresh_database

FIXTURES = Path(__file__).parent.parent / "fixtures"
REPORTS = ["scripts_vulnerable", "scripts_ipv6_hostscript", "loopback_service_http", "loopback_dns_tcp_udp"]
NOT_AN_ADDRESS = "does not appear to be an IPv4 or IPv6 address"
NOT_A_RISK = "Input should be 'None', 'Low', 'Medium' or 'High'"
NOT_A_BOOLEAN = "Input should be a valid boolean, unable to interpret input"
NOT_A_NUMBER = "Input should be a valid number, unable to parse string as a number"
SCHEMA = json.loads((FIXTURES / "sarif" / "sarif-2.1.0-rtm.5.json").read_text())


def run(*args: str) -> Result:
    return CliRunner().invoke(build_app(), list(args))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def recorded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database URL holding the recorded reports as `aucote import` stores them (not to be
    written by tests)."""
    if request.param == "sqlite":
        yield _imported(f"sqlite:///{tmp_path_factory.mktemp('export') / 'aucote.sqlite3'}")
        return
    with fresh_database(request.getfixturevalue("postgres_server_url")) as url:
        yield _imported(url)


def _imported(url: str) -> str:
    for name in REPORTS:
        result = run("import", str(FIXTURES / "nmap" / f"{name}.xml"), "--db", url)
        assert result.exit_code == 0, result.output
    return url


@pytest.fixture
def engine(recorded: str) -> Iterator[Engine]:
    """The recorded database, for the API's lists."""
    opened = open_engine(recorded)
    yield opened
    opened.dispose()


def listed(engine: Engine, path: str, key: str, query: str) -> list[dict[str, Any]]:
    with TestClient(create_app(engine)) as client:
        body = client.get(f"/api/v1/{path}?limit=1000&{query}").json()
    assert body["navigation"]["next_page"] is None
    rows: list[dict[str, Any]] = body[key]
    return rows


@pytest.mark.parametrize(
    ("options", "query"),
    [([], "min_risk=Low"), (["--min-risk", "none"], "min_risk=None"),
     (["--protocol", "udp"], "protocol=UDP&min_risk=Low"),
     (["--exploit_app", "nmap", "--risk-level", "None"], "exploit_app=nmap&risk_level=None")],
)  # fmt: skip
def test_findings_in_every_format(recorded: str, engine: Engine, options: list[str], query: str) -> None:
    expected = [row["id"] for row in listed(engine, "vulnerabilities", "vulnerabilities", query)]
    outputs = {
        name: run("export", "findings", "--db", recorded, "-f", name, *options)
        for name in ("csv", "json", "sarif", "defectdojo")
    }
    assert all(result.exit_code == 0 for result in outputs.values()), outputs
    rows = list(csv.DictReader(io.StringIO(outputs["csv"].stdout)))
    assert [int(row["id"]) for row in rows] == expected
    assert [item["id"] for item in json.loads(outputs["json"].stdout)] == expected
    log = json.loads(outputs["sarif"].stdout)
    Draft4Validator(SCHEMA).validate(log)
    assert [r["properties"]["vulnerability_id"] for r in log["runs"][0]["results"]] == expected
    report = json.loads(outputs["defectdojo"].stdout)
    assert len(report["findings"]) == len(expected)
    assert all({"title", "severity", "description"} <= set(item) for item in report["findings"])


def test_the_recorded_byterange_finding(recorded: str) -> None:
    """The finding nmap's http-vuln-cve2011-3192 reported, scored by the catalogue (Medium, the CVE)."""
    result = run("export", "findings", "--db", recorded, "-f", "defectdojo", "--exploit-id", "72")
    [item] = json.loads(result.stdout)["findings"]
    assert (item["title"], item["severity"], item["cve"]) == (
        "Apache byterange filter DoS",
        "Medium",
        "CVE-2011-3192",
    )
    assert item["endpoints"] == ["tcp://10.231.0.2:8081"]
    assert "IDs:  CVE:CVE-2011-3192  BID:49303" in item["steps_to_reproduce"]


def test_hosts_of_the_recorded_reports(recorded: str, engine: Engine) -> None:
    result = run("export", "hosts", "--db", recorded, "--format", "json")
    assert result.exit_code == 0, result.output
    exported = json.loads(result.stdout)
    ports = {
        (r["port"]["node"]["ip"], r["port"]["protocol"], r["port"]["port_number"])
        for r in listed(engine, "ports", "ports", "")
    }
    assert sorted(ports, key=str) == sorted(
        ((i["port"]["node"]["ip"], i["port"]["protocol"], i["port"]["port_number"]) for i in exported),
        key=str,
    )
    http = next(item for item in exported if item["port"]["port_number"] == 8080)
    assert http["service"]["product"] == "SimpleHTTPServer"
    assert "fe80::ec34:8cff:fe0c:1b1a" in {item["port"]["node"]["ip"] for item in exported}


@pytest.mark.parametrize("kind", ["findings", "hosts"])
def test_output_file_holds_what_stdout_shows(recorded: str, tmp_path: Path, kind: str) -> None:
    target = tmp_path / f"{kind}.sarif"
    written = run("export", kind, "--db", recorded, "-f", "sarif", "-o", str(target))
    shown = run("export", kind, "--db", recorded, "-f", "sarif")
    assert (written.exit_code, written.stdout) == (0, "")
    assert target.read_bytes() == shown.stdout_bytes
    Draft4Validator(SCHEMA).validate(json.loads(target.read_text()))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["findings", "--port", "70000"], "--port: Input should be less than or equal to 65535"),
        (["findings", "--node_ip", "10.1"], f"--node-ip: Value error, '10.1' {NOT_AN_ADDRESS}"),
        (["findings", "--format", "xml"], "--format: Input should be 'csv', 'json', 'sarif' or 'defectdojo'"),
        (["findings", "--min-risk", "severe"], f"--min-risk: {NOT_A_RISK}"),
        (["findings", "--expired", "maybe"], f"--expired: {NOT_A_BOOLEAN}"),
        (["findings", "--since", "yesterday"], f"--since: {NOT_A_NUMBER}"),
        (["hosts", "--protocol", "icmp"], "--protocol: Input should be 'TCP', 'UDP' or 'SCTP'"),
        (["hosts", "--scan-id", "-1"], "--scan-id: Input should be greater than or equal to 0"),
    ],
)  # fmt: skip
def test_bad_values_name_the_option(tmp_path: Path, args: list[str], message: str) -> None:
    result = run("export", *args, "--db", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert result.exit_code == 2
    assert result.stderr == f"error: {message}\n"
    assert result.stdout == ""


def test_an_unwritable_output_is_named(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.csv"
    result = run("export", "hosts", "--db", f"sqlite:///{tmp_path / 'db.sqlite3'}", "-o", str(target))
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: {target}: cannot write (No such file or directory)\n",
    )


@pytest.mark.parametrize(
    ("kind", "model"), [("findings", FindingExportParameters), ("hosts", HostExportParameters)]
)
def test_the_options_are_the_apis_parameters(kind: str, model: type) -> None:
    group = get_command(build_app()).commands["export"]  # type: ignore[attr-defined]
    command = group.commands[kind]
    names = [p.name for p in command.params if p.name not in ("output", "config", "db")]
    assert names == list(model.model_fields)
    for param in command.params:
        if param.name in model.model_fields and "_" in param.name:
            assert f"--{param.name}" in param.opts and f"--{param.name.replace('_', '-')}" in param.opts
