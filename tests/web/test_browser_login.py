"""A real browser (Debian's chromium driven by Playwright) logs in on a real `aucote serve` with a
user made by `aucote user add`, sees the dashboard's overview and who it is logged in as, with the
style sheet applied under the pages' Content-Security-Policy, logs out, and is back at the login
page; the page's cookie is HttpOnly and SameSite=Lax, replaying it after the logout gets nothing,
and the browser reports no console error, no page error and no failed request (but the 401 of the
wrong password it tries first, which Chrome reports)."""

import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import httpx
import pytest
import yaml
from playwright.sync_api import ConsoleMessage, Page, Request, sync_playwright

from tests.support.ports import serving

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's package (scripts/setup-system.sh installs it)."""
PASSWORD = "correct horse battery staple"
REFUSED = "Failed to load resource: the server responded with a status of 401 (Unauthorized)"
PORTS = range(18500, 18600)
"""This suite's share of loopback ports for the servers it starts."""


def port_in_range() -> int:
    """A loopback port of PORTS that nothing listens on."""
    for port in PORTS:
        with closing(socket.socket()) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS}")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`aucote serve` over a database with the user alice (viewer); its base URL."""
    folder = tmp_path_factory.mktemp("browser")
    database = f"sqlite:///{folder / 'aucote.sqlite3'}"
    add = [sys.executable, "-m", "aucote", "user", "add", "alice", "--role", "viewer", "--password-stdin"]
    subprocess.run([*add, "--db", database], input=PASSWORD + "\n", text=True, check=True, timeout=60)
    config = folder / "aucote.yaml"
    config.write_text(yaml.safe_dump({"service": {"api": {"login": {"failure_delay": 0.1}}}}))
    port = port_in_range()
    argv = [sys.executable, "-m", "aucote", "serve", "--config", str(config), "--db", database]
    with serving([*argv, "--host", "127.0.0.1", "--port", str(port)], port, timeout=30):
        yield f"http://127.0.0.1:{port}"


class Watched:
    """What went wrong in the browser: console errors, page errors, failed requests."""

    def __init__(self, page: Page) -> None:
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("requestfailed", self._failed)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.problems.append(f"console {message.type}: {message.text}")

    def _failed(self, request: Request) -> None:
        self.problems.append(f"request failed: {request.url} {request.failure}")


def test_log_in_and_out_with_a_real_browser(served: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        try:
            page = browser.new_page()
            watched = Watched(page)
            page.goto(f"{served}/")
            assert page.url == f"{served}/login?next=%2F"
            page.fill("#name", "alice")
            page.fill("#password", "not the password")
            page.click("button[type=submit]")
            assert page.inner_text("p.message") == "Wrong name or password."
            # Chrome reports the 401 of a refused login; the watch sees it, then starts afresh.
            assert watched.problems == [f"console error: {REFUSED}"]
            watched.problems.clear()
            page.fill("#name", "alice")
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{served}/")
            assert page.inner_text("header.site .who") == "Logged in as alice (viewer)"
            assert page.inner_text("h1") == "Overview"
            background = page.eval_on_selector(
                "header.site", "node => getComputedStyle(node).backgroundColor"
            )
            assert background == "rgb(29, 36, 48)"  # aucote.css is applied
            [cookie] = [cookie for cookie in page.context.cookies() if cookie["name"] == "aucote_session"]
            assert (cookie["httpOnly"], cookie["sameSite"], cookie["secure"], cookie["path"]) == (
                True,
                "Lax",
                False,
                "/",
            )
            page.click("text=Log out")
            page.wait_for_url(f"{served}/login")
            assert not [c for c in page.context.cookies() if c["name"] == "aucote_session"]
            page.goto(f"{served}/")
            assert page.url == f"{served}/login?next=%2F"
            assert watched.problems == []
        finally:
            browser.close()
    replayed = httpx.get(f"{served}/", cookies={"aucote_session": cookie["value"]})
    assert (replayed.status_code, replayed.headers["location"]) == (303, "/login?next=%2F")
