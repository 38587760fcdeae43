"""No N+1: each request runs a fixed, small number of SQL statements whatever the page size."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event

from aucote.api.app import create_app
from tests.api.conftest import BASE

PRESENCE = "SELECT users.id \nFROM users"


@pytest.fixture
def counted(seeded: Engine) -> Iterator[tuple[TestClient, list[str]]]:
    statements: list[str] = []

    def record(*args: object) -> None:
        # Not the once-a-second check that a user exists (aucote.api.access.presence): on a busy
        # machine it may fall due again between the warm-up and the request.
        if not str(args[2]).startswith(PRESENCE):
            statements.append(str(args[2]))

    event.listen(seeded, "before_cursor_execute", record)
    with TestClient(create_app(seeded), base_url=BASE) as client:
        client.get("/api/v1/scans")  # warm the pool
        statements.clear()
        yield client, statements
    event.remove(seeded, "before_cursor_execute", record)


@pytest.mark.parametrize(
    ("path", "count"),
    [
        ("/api/v1/sec_scans?limit=1000", 1),
        ("/api/v1/sec_scans?limit=1000&node_id=87", 1),
        ("/api/v1/sec_scan/12483", 2),
        ("/api/v1/vulnerabilities?limit=1000", 1),
        ("/api/v1/vulnerability/501", 2),
        ("/api/v1/scans?limit=1000", 1),
        ("/api/v1/scan/942", 1),
        ("/api/v1/nodes?limit=1000", 1),
        ("/api/v1/node/1", 2),
        ("/api/v1/ports?limit=1000", 1),
        ("/api/v1/port/700", 2),
        ("/api/v1/exploits?limit=1000", 1),
        ("/api/v1/changes?limit=1000", 1),
        ("/api/v1/change/3", 1),
    ],
)
def test_statement_count(counted: tuple[TestClient, list[str]], path: str, count: int) -> None:
    client, statements = counted
    assert client.get(path).status_code == 200
    assert len(statements) == count, statements
