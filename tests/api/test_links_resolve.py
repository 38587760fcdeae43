"""Every URL the API writes resolves: a crawler starts at every list endpoint, follows every URL
found in every body (items, embedded scans and their scanner_url, history lists, `*_url` links,
navigation) and asks each of them, in `aucote serve` and in `aucote service` (real processes over
a real database: the seed with rows of every outcome, and, for the service, a real scan of a
local HTTP server by nmap)."""

import sys
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import yaml

from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from tests.api.outcome_rows import add_outcomes
from tests.scheduling.service_process import Service, api_port, running_service, service_config
from tests.support.http_servers import always_200_server
from tests.support.ports import serving
from tests.support.seed_data import seed

STARTS = [
    "/sec_scans?limit=7",
    "/security_scans?limit=7&include=outcome",
    "/sec_scans?status=skipped&include=outcome",
    "/scans?limit=3",
    "/nodes?limit=2",
    "/ports?limit=2",
    "/vulnerabilities?limit=2",
    "/vulnerabilities?min_risk=low&limit=2",
    "/exploits?limit=1000",
    "/changes?limit=2",
    "/scanners",
    "/tasks",
]
KINDS = {
    "sec_scans", "security_scans", "sec_scan", "scans", "scan", "nodes", "node", "ports", "port",
    "vulnerabilities", "vulnerability", "exploits", "exploit", "changes", "change", "scanners",
    "scanner", "tasks",
}  # fmt: skip
NAMES = {"tcp": "Port scan", "tools_basic": "Basic scan"}
SCANNERS = sorted(["tcp", "udp", "tools_basic", "tools_advanced"])


def urls_in(body: Any, base: str) -> Iterator[str]:
    """Every string of a JSON body that is a URL of the API."""
    if isinstance(body, dict):
        body = list(body.values())
    if isinstance(body, list):
        for value in body:
            yield from urls_in(value, base)
    elif isinstance(body, str) and body.startswith(f"{base}/api/v1/"):
        yield body


def crawl(client: httpx.Client, base: str) -> dict[str, int]:
    """The status of every URL reached from the list endpoints."""
    statuses: dict[str, int] = {}
    queue = deque(f"{base}/api/v1{start}" for start in STARTS)
    while queue:
        url = queue.popleft()
        if url in statuses:
            continue
        response = client.get(url)
        statuses[url] = response.status_code
        if response.status_code == 200:
            queue.extend(urls_in(response.json(), base))
    return statuses


def kinds(urls: list[str]) -> set[str]:
    """The resource of each URL: /api/v1/<kind>/…"""
    return {urlsplit(url).path.split("/")[3] for url in urls}


def check_crawl(base: str) -> list[str]:
    """Crawl, assert every URL answered 200 and every kind of link was met; the scanner URLs."""
    with httpx.Client(timeout=10) as client:
        statuses = crawl(client, base)
    broken = {url: status for url, status in statuses.items() if status != 200}
    assert broken == {}
    assert kinds(list(statuses)) == KINDS
    assert any("include=outcome&page=" in url or "page=1&include=outcome" in url for url in statuses)
    return sorted(url for url in statuses if "/scanner/" in url)


@pytest.fixture
def database(tmp_path: Path) -> str:
    """A SQLite database holding the seed and tests/api/outcome_rows.py."""
    url = f"sqlite:///{tmp_path / 'aucote.sqlite3'}"
    engine = open_engine(url)
    upgrade(engine)
    seed(engine)
    add_outcomes(engine)
    engine.dispose()
    return url


def configuration(folder: Path, port: int, target_port: int) -> Path:
    """The tests' service configuration (scanning only `target_port` on 127.0.0.1, on demand),
    with display names for tcp and tools_basic."""
    path = service_config(folder / "aucote.yaml", port, target_port, "60s")
    config = yaml.safe_load(path.read_text())
    for scanner, name in NAMES.items():
        config["portdetection"][scanner]["name"] = name
    config["service"]["scans"]["resume"] = False  # the seed's unfinished scan 950 stays as it is
    path.write_text(yaml.safe_dump(config))
    return path


def scanner_names(base: str) -> list[tuple[str, str | None]]:
    """(name, display_name) of /scanners."""
    body = httpx.get(f"{base}/api/v1/scanners", timeout=10).json()
    return [(row["name"], row["display_name"]) for row in body["scanners"]]


def test_every_link_resolves_under_serve(tmp_path: Path, database: str) -> None:
    port = api_port()
    config = configuration(tmp_path, port, 9)
    argv = [sys.executable, "-m", "aucote", "serve", "--config", str(config), "--db", database]
    base = f"http://127.0.0.1:{port}"
    with serving([*argv, "--host", "127.0.0.1", "--port", str(port)], port, timeout=30):
        scanner_urls = check_crawl(base)
        names = scanner_names(base)
    assert scanner_urls == [f"{base}/api/v1/scanner/{name}" for name in SCANNERS]
    # the configured scanners in their order (every stored scan's scanner is among them)
    assert names == [
        ("tcp", "Port scan"),
        ("udp", None),
        ("tools_basic", "Basic scan"),
        ("tools_advanced", "Advanced scan"),  # the default name
    ]


@pytest.mark.nmap
def test_every_link_resolves_under_service_after_a_real_scan(tmp_path: Path, database: str) -> None:
    port = api_port()
    with always_200_server() as target:
        config = configuration(tmp_path, port, target.port)
        with running_service(config, database, port, tmp_path / "log") as service:
            scanned = _scan(service)
            base = f"http://127.0.0.1:{port}"
            scanner_urls = check_crawl(base)
            names = scanner_names(base)
    assert {scan["scanner"] for scan in scanned} == {"tcp", "tools_basic"}
    assert scanner_urls == [f"{base}/api/v1/scanner/{name}" for name in SCANNERS]
    assert names == [
        ("tcp", "Port scan"),
        ("udp", None),
        ("tools_basic", "Basic scan"),
        ("tools_advanced", "Advanced scan"),  # the default name
    ]


def _scan(service: Service) -> list[dict[str, Any]]:
    """Run tcp (then tools_basic after it) now and wait until both ended; the new scans."""
    assert service.post("/scanner/tcp/start").status_code == 202
    service.wait(
        "the real scans to end", lambda: len(_new_scans(service)) == 2 and _ended(service), timeout=120
    )
    return _new_scans(service)


def _new_scans(service: Service) -> list[dict[str, Any]]:
    return [
        scan for scan in service.get("/scans?limit=100")["scans"] if scan["id"] not in (930, 931, 942, 950)
    ]


def _ended(service: Service) -> bool:
    return all(scan["end"] is not None for scan in _new_scans(service))
