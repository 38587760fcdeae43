"""Why did a check not run: the status and reason filters on the security scan list, and the
outcome a client asks for with `include=outcome` (absent otherwise: the seed's bodies stay)."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.expected import (
    API,
    EXPLOIT_72,
    META,
    OTHER_NODE,
    Json,
    error,
    navigation,
    port,
    same,
    scan,
    security_scan,
)
from tests.api.outcome_rows import OUTCOME_IDS, SCRIPT_ERROR
from tests.support.seed_data import FILLERS, SEC_END, SEC_START

EXPLOIT_140 = {"id": 140, "app": "aucote-http-headers", "name": "x-frame-options"}
SEED_DONE = [12400, *FILLERS, 12482, 12483]


def outcome(status: str, reason: str | None, detail: str | None, duration: Any) -> Json:
    """An outcome object."""
    return {"status": status, "reason": reason, "detail": detail, "duration": duration}


FAILED = outcome("FAILED", "script_error", SCRIPT_ERROR, 1.25)
TIMEOUT = outcome("TIMEOUT", "timeout", "nmap ran out of its 60s", 60)


def failed_row(row_id: int, end: Any, end_human: Any, outcome_body: Json) -> Json:
    """One of tests/api/outcome_rows.py's rows as listed with its outcome."""
    return {
        "id": row_id,
        "url": f"{API}/sec_scan/{row_id}",
        "port": port(row_id - 4900, OTHER_NODE),
        "scan": scan(942),
        "scan_end": end,
        "scan_end_human": end_human,
        "scan_start": 1508504402,
        "scan_start_human": "2017-10-20T13:00:02+00:00",
        "exploit": EXPLOIT_140,
        "outcome": outcome_body,
    }


def ids(client: TestClient, query: str) -> list[int]:
    """The ids listed for a query (all on one page)."""
    response = client.get(f"/api/v1/sec_scans?limit=1000&{query}")
    assert response.status_code == 200, response.text
    return [row["id"] for row in response.json()["security_scans"]]


def test_list_with_outcomes(outcomes_client: TestClient) -> None:
    body = outcomes_client.get("/api/v1/security_scans?status=failed&include=outcome&limit=1").json()
    same(
        body,
        {
            "security_scans": [failed_row(13001, 1508504403.25, "2017-10-20T13:00:03.250000+00:00", FAILED)],
            "navigation": navigation(1, 0, None, None),
            "meta": META,
        },
    )


def test_outcome_filters_are_kept_in_the_links(outcomes_client: TestClient) -> None:
    body = outcomes_client.get(
        "/api/v1/sec_scans?reason=TIMEOUT&status=timeout&include=outcome&limit=1&page=1"
    )
    same(
        body.json(),
        {
            "security_scans": [],
            "navigation": navigation(
                1, 1, None, f"{API}/sec_scans?limit=1&page=0&reason=TIMEOUT&status=timeout&include=outcome"
            ),
            "meta": META,
        },
    )
    previous = outcomes_client.get(body.json()["navigation"]["previous_page"]).json()
    same(previous["security_scans"], [failed_row(13002, 1508504462, "2017-10-20T13:01:02+00:00", TIMEOUT)])


def test_detail_with_outcome_keeps_the_seed_keys_first(client: TestClient) -> None:
    same(
        client.get("/api/v1/sec_scan/12483?include=outcome").json(),
        {
            **security_scan(12483, EXPLOIT_72),
            "outcome": outcome("DONE", None, None, SEC_END - SEC_START),
            "scan_url": f"{API}/scan/942",
            "scans": [scan(942), scan(931)],
            "meta": META,
        },
    )


@pytest.mark.parametrize(
    ("row_id", "expected"),
    [
        (13003, outcome("SKIPPED", "intrusive_disabled", "intrusive checks are off", None)),
        (13005, outcome("CANCELLED", "cancelled", "the scan was stopped", None)),
        (12484, outcome("RUNNING", None, None, None)),
    ],
)
def test_an_unknown_duration_is_null(outcomes_client: TestClient, row_id: int, expected: Json) -> None:
    body = outcomes_client.get(f"/api/v1/security_scan/{row_id}?include=OUTCOME").json()
    same(body["outcome"], expected)
    assert list(body)[-4:] == ["outcome", "scan_url", "scans", "meta"]


def test_without_include_no_outcome(outcomes_client: TestClient) -> None:
    assert "outcome" not in outcomes_client.get("/api/v1/sec_scan/13001").json()
    rows = outcomes_client.get("/api/v1/sec_scans?status=FAILED").json()["security_scans"]
    assert [list(row)[-1] for row in rows] == ["exploit"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=DONE", [*SEED_DONE, 13006, 13007]),
        ("status=done&node_id=86", [12400, 12482, 12483]),
        ("status=RUNNING", [12484]),
        ("status=QUEUED", []),
        ("status=FAILED", [13001]),
        ("status=Timeout", [13002]),
        ("status=SKIPPED", [13003, 13004]),
        ("status=CANCELLED", [13005]),
        ("reason=script_error", [13001]),
        ("reason=TOOL_MISSING", [13004]),
        ("reason=no_check", []),
        ("status=SKIPPED&reason=intrusive_disabled", [13003]),
        ("status=DONE&reason=timeout", []),
        ("exploit_id=140&include=outcome", OUTCOME_IDS),
    ],
)
def test_outcome_filters(outcomes_client: TestClient, query: str, expected: list[int]) -> None:
    assert ids(outcomes_client, query) == expected


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/sec_scans?status=BROKEN", "status"),
        ("/api/v1/sec_scans?status=IN%20PROGRESS", "status"),
        ("/api/v1/security_scans?reason=crashed", "reason"),
        ("/api/v1/sec_scans?include=everything", "include"),
        ("/api/v1/sec_scan/12483?include=scans", "include"),
    ],
)
def test_bad_outcome_values_are_named(client: TestClient, path: str, name: str) -> None:
    response = client.get(path)
    assert response.status_code == 400
    assert response.json()["code"].startswith(f"Invalid parameter '{name}': ")


def test_the_item_takes_no_other_parameter(client: TestClient) -> None:
    response = client.get("/api/v1/sec_scan/12483?status=DONE")
    assert response.status_code == 400
    same(response.json(), error("Unknown parameter 'status'"))
