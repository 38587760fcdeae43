"""Browser fixtures. Once per session, for every browser test module: the lab scanned by `aucote
scan`, its users (an operator and a viewer made through aucote.access, and a viewer made by
`aucote user add` as a person would), a real `aucote serve` over its database, and each user's
browser state after logging in through the login form. Once per module: Debian's chromium driven
by Playwright (the sync API's event loop lives no longer than the module's tests).

The lab is shared: a test that changes it (test_dashboard.py's triage test: a triage, a third
scan) runs last in its module, and no module after it counts the lab's scans or findings."""

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, sync_playwright

from aucote.access import accounts
from aucote.access.audit import Actor
from aucote.model.access import Role
from aucote.storage.database import open_engine
from tests.support.ports import serving
from tests.web.browser.lab import Lab, free_ports, scanned_lab

PASSWORD = "correct horse battery staple"
USERS = {"olivia": Role.OPERATOR, "victor": Role.VIEWER}
COMMAND_USER = "alice"
"""A viewer made by `aucote user add`; only tests/web/browser/test_login.py logs in as her."""
SERVE_CONFIG = {"logging": {"level": "warning"}, "service": {"api": {"login": {"failure_delay": 0.1}}}}

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's package (scripts/setup-system.sh installs it); Playwright's own download is never used."""


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """The lab, scanned twice, with its users."""
    with scanned_lab(tmp_path_factory.mktemp("dashboard")) as scanned:
        engine = open_engine(scanned.database)
        with engine.begin() as connection:
            for name, role in USERS.items():
                actor = Actor(name="cli:test")
                accounts.add_user(connection, actor, name=name, role=role, password=PASSWORD, now=1.0)
        engine.dispose()
        add = [sys.executable, "-m", "aucote", "user", "add", COMMAND_USER, "--role", "viewer"]
        add += ["--password-stdin", "--db", scanned.database]
        subprocess.run(add, input=PASSWORD + "\n", text=True, check=True, timeout=60)
        yield scanned


@pytest.fixture(scope="session")
def served(lab: Lab, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`aucote serve` over the lab's database; its base URL."""
    (port,) = free_ports("127.0.0.1", 1)
    config = tmp_path_factory.mktemp("serve") / "aucote.yaml"
    config.write_text(yaml.safe_dump(SERVE_CONFIG))
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


@pytest.fixture(scope="session")
def logged_in(served: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Per user of USERS, the file of its browser state after logging in through the login form
    (give it to `browser.new_context(storage_state=...)`)."""
    folder = tmp_path_factory.mktemp("states")
    states = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        for name in USERS:
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"{served}/")
            page.fill("#name", name)
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{served}/")
            states[name] = str(folder / f"{name}.json")
            context.storage_state(path=states[name])
            context.close()
        browser.close()
    return states
