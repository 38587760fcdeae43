"""`/api/v1/export/findings` and `/api/v1/export/hosts`: the file of each format with its media
type and name, exactly the rows the lists show for the same filters, errors naming the parameter
as everywhere, and a body streamed as the rows are read."""

import asyncio
import functools
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine

from aucote.api.app import create_app
from aucote.export import exports
from aucote.model.export import ExportFormat
from aucote.model.status import CheckStatus, RiskLevel, ScanStatus
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from aucote.storage.queries.port_scans import PortScanFilter
from aucote.storage.queries.vulnerabilities import VulnerabilityFilter
from aucote.storage.repository import exploits, nodes, scans, security_scans
from aucote.storage.repository import vulnerabilities as findings
from aucote.storage.repository.records import NewSecurityScan, NewVulnerability
from tests.api.conftest import NOW
from tests.api.expected import error, same
from tests.export.hostile_rows import EXPLOITS
from tests.support.seed_data import seed

Json = dict[str, Any]
MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/json", "sarif": "application/sarif+json",
         "defectdojo": "application/json"}  # fmt: skip
NAMES = {"csv": "csv", "json": "json", "sarif": "sarif", "defectdojo": "defectdojo.json"}


@pytest.mark.parametrize("name", list(MEDIA))
def test_findings_file(outcomes_client: TestClient, with_outcomes: Engine, name: str) -> None:
    response = outcomes_client.get(f"/api/v1/export/findings?format={name}")
    assert response.status_code == 200
    assert response.headers["content-type"] == MEDIA[name]
    assert response.headers["content-disposition"] == (
        f'attachment; filename="aucote-findings-20171024T082803Z.{NAMES[name]}"'
    )
    assert "content-length" not in response.headers
    assert response.text == "".join(
        exports.findings(with_outcomes, VulnerabilityFilter(), ExportFormat(name))
    )


@pytest.mark.parametrize("name", list(MEDIA))
def test_hosts_file(client: TestClient, seeded: Engine, name: str) -> None:
    response = client.get(f"/api/v1/export/hosts?format={name.upper()}")
    assert response.status_code == 200
    assert response.headers["content-type"] == MEDIA[name]
    assert response.headers["content-disposition"] == (
        f'attachment; filename="aucote-hosts-20171024T082803Z.{NAMES[name]}"'
    )
    assert response.text == "".join(exports.hosts(seeded, PortScanFilter(), ExportFormat(name)))


def test_csv_is_the_default(client: TestClient) -> None:
    response = client.get("/api/v1/export/findings")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.text.startswith("id,ip,port,protocol,")


def listed(client: TestClient, path: str, key: str, query: str) -> list[Json]:
    """Every row of a list for the filters, page by page."""
    rows: list[Json] = []
    for page in range(100):
        body = client.get(f"/api/v1/{path}?limit=2&page={page}&{query}").json()
        rows += body[key]
        if body["navigation"]["next_page"] is None:
            return rows
    raise AssertionError("the list does not end")


FINDING_QUERIES = [
    "", "node_ip=10.12.2.175", "node_id=87", "port=5985&protocol=tcp", "exploit_id=72", "exploit_app=nmap",
    "exploit_name=x-frame-options", "scan_id=942", "scanner=tools_basic",
    "since=1508504412&until=1508505422.5",
    "risk_level=None", "risk_level=High", "min_risk=None", "min_risk=medium", "cve=2011", "expired=true",
    "expired=false", "scanner=tools_advanced&min_risk=None&expired=false", "node_id=4242",
]  # fmt: skip


@pytest.mark.parametrize("query", FINDING_QUERIES)
def test_findings_are_the_vulnerability_lists(outcomes_client: TestClient, query: str) -> None:
    """The same rows in the same order, field by field; the list's informational output only where
    the list too is asked for a risk (the export's default is min_risk=Low)."""
    given = dict(parse_qsl(query))
    risk = "" if "min_risk" in given or "risk_level" in given else "&min_risk=Low"
    rows = listed(outcomes_client, "vulnerabilities", "vulnerabilities", query + risk)
    exported = json.loads(outcomes_client.get(f"/api/v1/export/findings?format=json&{query}").text)
    assert [item["id"] for item in exported] == [row["id"] for row in rows]
    for item, row in zip(exported, rows, strict=True):
        keys = ("port", "cve", "cvss", "risk_level", "time", "time_human", "expired", "expired_human")
        assert {key: item[key] for key in keys} == {key: row[key] for key in keys}
        assert {key: item["exploit"][key] for key in ("id", "app", "name")} == row["exploit"]
        assert item["scan"] == {"id": row["scan"]["id"], "scanner": row["scan"]["scanner"]}
        assert item["output"][:100] == row["output"]


HOST_QUERIES = ["", "scan_id=950", "node_id=87", "node_ip=10.12.2.175", "port=80", "protocol=TCP",
                "scanner=tcp", "since=1508503150&until=1508506100", "scan_id=931"]  # fmt: skip


@pytest.mark.parametrize("query", HOST_QUERIES)
def test_hosts_are_the_port_lists(client: TestClient, query: str) -> None:
    """Each port of the list once, its newest port scan's scan, seen as often as the list has it."""
    rows = listed(client, "ports", "ports", query)
    exported = json.loads(client.get(f"/api/v1/export/hosts?format=json&{query}").text)
    counted: dict[tuple[Any, ...], list[Json]] = {}
    for row in rows:
        port = row["port"]
        counted.setdefault((port["node"]["id"], port["protocol"], port["port_number"]), []).append(row)
    assert sorted(counted) == [
        (item["port"]["node"]["id"], item["port"]["protocol"], item["port"]["port_number"])
        for item in exported
    ]
    for item in exported:
        found = counted[(item["port"]["node"]["id"], item["port"]["protocol"], item["port"]["port_number"])]
        assert item["times_seen"] == len(found)
        assert (item["last_seen"], item["last_scan"]["scanner"]) == (found[0]["timestamp"], found[0]["scan"])
        assert item["first_seen"] == found[-1]["timestamp"]


FORMATS = "Input should be 'csv', 'json', 'sarif' or 'defectdojo'"
RISKS = "Input should be 'None', 'Low', 'Medium' or 'High'"
BOOLEAN = "Input should be a valid boolean, unable to interpret input"
NOT_AN_ADDRESS = "does not appear to be an IPv4 or IPv6 address"
BAD = [
    ("findings", "format=xml", f"Invalid parameter 'format': {FORMATS}"),
    ("findings", "port=70000", "Invalid parameter 'port': Input should be less than or equal to 65535"),
    ("findings", "min_risk=severe", f"Invalid parameter 'min_risk': {RISKS}"),
    ("findings", "expired=maybe", f"Invalid parameter 'expired': {BOOLEAN}"),
    ("findings", "limit=5", "Unknown parameter 'limit'"),
    ("hosts", "cve=CVE-2011-3192", "Unknown parameter 'cve'"),
    ("hosts", "node_ip=10.1", f"Invalid parameter 'node_ip': Value error, '10.1' {NOT_AN_ADDRESS}"),
    ("hosts", "format=", f"Invalid parameter 'format': {FORMATS}"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "query", "code"), BAD)
def test_bad_parameters_are_named(client: TestClient, path: str, query: str, code: str) -> None:
    response = client.get(f"/api/v1/export/{path}?{query}")
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    same(response.json(), error(code))


def test_only_get(client: TestClient) -> None:
    response = client.post("/api/v1/export/findings")
    assert (response.status_code, response.headers["allow"]) == (405, "GET")


# --- streaming ---------------------------------------------------------------------------------

ROWS = 4001  # two full batches of 2,000 and one row
FETCHED: list[int] = []
"""Rows handed out by the database cursors of `many`'s engine, one entry per fetch."""


class CountingCursor(sqlite3.Cursor):
    """A cursor noting how many rows each fetch hands out."""

    def fetchmany(self, size: int | None = None) -> list[Any]:
        rows = super().fetchmany(size) if size is not None else super().fetchmany()
        FETCHED.append(len(rows))
        return rows

    def fetchall(self) -> list[Any]:
        rows = super().fetchall()
        FETCHED.append(len(rows))
        return rows


class CountingConnection(sqlite3.Connection):
    """A connection whose cursors count what they fetch."""

    def cursor(self, factory: Any = CountingCursor) -> Any:
        return super().cursor(factory)


@pytest.fixture
def many(tmp_path: Path) -> Iterator[Engine]:
    """The seed, and 4,001 Medium findings of one check (sub-findings 0..4000), over an engine whose
    cursors count the rows they fetch."""
    path = tmp_path / "many.sqlite3"
    filled = open_engine(f"sqlite:///{path}")
    upgrade(filled)
    seed(filled)
    with filled.begin() as connection:
        nodes.add_node(connection, "198.18.0.9", NOW, 9)
        scans.start_scan(connection, "tcp", 6, NOW, scan_id=1)
        scans.end_scan(connection, 1, NOW + 1, ScanStatus.DONE)
        exploits.sync_exploits(connection, EXPLOITS)
        done = CheckStatus.DONE
        check = NewSecurityScan(scan_id=1, exploit_id=900, node_id=9, port=443, protocol=6, status=done, id=1)
        security_scans.add_security_scans(connection, [check])
        findings.add_vulnerabilities(
            connection,
            [NewVulnerability(security_scan_id=1, scan_id=1, exploit_id=900, node_id=9, port=443, protocol=6,
                              output=f"finding {n}", time=NOW, subid=n, risk_level=RiskLevel.MEDIUM.value)
             for n in range(ROWS)],
        )  # fmt: skip
    filled.dispose()
    connect = functools.partial(sqlite3.connect, path, factory=CountingConnection, check_same_thread=False)
    engine = create_engine("sqlite://", creator=connect)
    FETCHED.clear()
    yield engine
    engine.dispose()


def run_asgi(engine: Engine, path: str, query: bytes) -> list[tuple[Json, int]]:
    """Drive the app as a server would (one request), noting with each message it sends how many
    rows the database cursors had handed out by then."""
    app = create_app(engine, clock=lambda: NOW)
    sent: list[tuple[Json, int]] = []

    async def receive() -> Json:
        await asyncio.Event().wait()  # the client never goes away
        raise AssertionError

    async def send(message: Json) -> None:
        sent.append((message, sum(FETCHED)))

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": query,
             "root_path": "", "headers": [(b"host", b"localhost")], "client": ("127.0.0.1", 50000),
             "server": ("localhost", 80)}  # fmt: skip
    asyncio.run(app(scope, receive, send))
    return sent


def test_the_body_is_sent_as_the_rows_are_read(many: Engine) -> None:
    sent = run_asgi(many, "/api/v1/export/findings", b"format=csv&exploit_id=900")
    start, *body = sent
    assert start[0]["type"] == "http.response.start" and start[0]["status"] == 200
    assert b"content-length" not in dict(start[0]["headers"])
    chunks = [(message["body"], fetched) for message, fetched in body if message.get("body")]
    assert [chunk.count(b"\r\n") for chunk, _ in chunks] == [1, 2000, 2000, 1]
    # The header goes out before any row is read; then each batch as soon as its 2,000 rows are
    # read (the exploit's row too, read once with the first batch): never all rows first.
    assert [count for _, count in chunks] == [0, 2001, 4001, 4002]
    assert body[-1][0] == {"type": "http.response.body", "body": b"", "more_body": False}
