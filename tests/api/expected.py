"""Expected JSON fragments for the seed example (tests/support/seed_data.py), and the comparison
that also checks key order."""

import json
from typing import Any

from tests.api.conftest import BASE

API = f"{BASE}/api/v1"
META = {"timestamp": 1508833683.8892133, "human_timestamp": "2017-10-24T08:28:03.889213+00:00"}
NODE = {"id": 86, "ip": "10.12.2.175"}
OTHER_NODE = {"id": 87, "ip": "10.12.2.176"}

Json = dict[str, Any]


def same(body: Any, expected: Any) -> None:
    """Equal values and the same key order at every level."""
    assert body == expected
    assert json.dumps(body) == json.dumps(expected)


def port(number: int, node: Json = NODE) -> Json:
    """A TCP port object."""
    return {"port_number": number, "protocol": "TCP", "node": node}


def scan(scan_id: int) -> Json:
    """The embedded scan object of a seeded scan."""
    return dict(SCANS[scan_id])


def _scan(
    scan_id: int, start: float, start_human: str, end: Any, end_human: Any, protocol: Any, scanner: str
) -> Json:
    return {
        "id": scan_id,
        "url": f"{API}/scan/{scan_id}",
        "start": start,
        "start_human": start_human,
        "end": end,
        "end_human": end_human,
        "protocol": protocol,
        "scanner": scanner,
        "scanner_url": f"{API}/scanner/{scanner}",
    }


SCANS = {
    930: _scan(930, 1508503000.5, "2017-10-20T12:36:40.500000+00:00", 1508503600.25,
               "2017-10-20T12:46:40.250000+00:00", "TCP", "tcp"),
    931: _scan(931, 1508503680.2786627, "2017-10-20T12:48:00.278663+00:00", 1508503687.3294709,
               "2017-10-20T12:48:07.329471+00:00", None, "tools_basic"),
    942: _scan(942, 1508504400.6845937, "2017-10-20T13:00:00.684594+00:00", 1508504411.276814,
               "2017-10-20T13:00:11.276814+00:00", None, "tools_advanced"),
    950: _scan(950, 1508506000, "2017-10-20T13:26:40+00:00", None, None, "TCP", "tcp"),
}  # fmt: skip

EXPLOIT_71 = {"id": 71, "app": "nmap", "name": "http-vuln-cve2010-2861"}
EXPLOIT_72 = {"id": 72, "app": "nmap", "name": "http-vuln-cve2011-3192"}


def security_scan(row_id: int, exploit: Json) -> Json:
    """One of the seed's own security scans (12482/12483) as listed."""
    return {
        "id": row_id,
        "url": f"{API}/sec_scan/{row_id}",
        "port": port(5985),
        "scan": scan(942),
        "scan_end": 1508505422,
        "scan_end_human": "2017-10-20T13:17:02+00:00",
        "scan_start": 1508504395.823977,
        "scan_start_human": "2017-10-20T12:59:55.823977+00:00",
        "exploit": exploit,
    }


def navigation(limit: int, page: int, next_page: str | None, previous_page: str | None) -> Json:
    """A navigation block."""
    return {"limit": limit, "page": page, "next_page": next_page, "previous_page": previous_page}


def error(code: str) -> Json:
    """An error body."""
    return {"code": code, "meta": META}
