"""Browser fixtures, one of each per module: the lab scanned by `aucote scan`, a real `aucote serve`
over its database (open: loopback, no users), and Debian's chromium driven by Playwright."""

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.support.ports import serving
from tests.web.browser.lab import Lab, free_ports, scanned_lab

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's package (scripts/setup-system.sh installs it); Playwright's own download is never used."""


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """The lab, scanned twice."""
    with scanned_lab(tmp_path_factory.mktemp("dashboard")) as scanned:
        yield scanned


@pytest.fixture(scope="module")
def served(lab: Lab, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`aucote serve` over the lab's database; its base URL."""
    (port,) = free_ports("127.0.0.1", 1)
    config = tmp_path_factory.mktemp("serve") / "aucote.yaml"
    config.write_text("logging:\n  level: warning\n")
    argv = [sys.executable, "-m", "aucote", "serve", "--config", str(config), "--db", lab.database]
    with serving([*argv, "--host", "127.0.0.1", "--port", str(port)], port, timeout=30):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless chromium for the module."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield launched
        launched.close()
