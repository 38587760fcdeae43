"""The host page's scan comparison and the API tokens page in Debian's chromium, against a real
`aucote serve` over a stored history (tests/web/host_history.py: no scan needed), logged in through
the login page: the picker's plain GET form leads to the diff; a user creates a token (shown once),
the token authenticates against the API, the user revokes it and it stops; no console error, and
axe-core finds no serious or critical violation on these pages, light or dark."""

import sys
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from aucote.access import accounts
from aucote.access.audit import Actor
from aucote.model.access import Role
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from tests.support.ports import free_port, serving
from tests.web.browser.watch import Watched, axe_violations
from tests.web.host_history import IP, store_history

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`aucote serve` over the history with a viewer, victor; its base URL."""
    folder = tmp_path_factory.mktemp("host-tools")
    url = f"sqlite:///{folder / 'aucote.sqlite3'}"
    engine = open_engine(url)
    upgrade(engine)
    store_history(engine)
    with engine.begin() as connection:
        actor = Actor(name="cli:test")
        accounts.add_user(connection, actor, name="victor", role=Role.VIEWER, password=PASSWORD, now=1.0)
    engine.dispose()
    config = folder / "aucote.yaml"
    config.write_text("logging:\n  level: warning\n")
    port = free_port()
    argv = [sys.executable, "-m", "aucote", "serve", "--config", str(config), "--db", url]
    with serving([*argv, "--host", "127.0.0.1", "--port", str(port)], port, timeout=30):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture
def page(browser: Browser, served: str) -> Iterator[Page]:
    """A page of a fresh context, logged in as victor through the login form (CSP bypassed so that
    axe-core can be injected)."""
    context = browser.new_context(bypass_csp=True)
    opened = context.new_page()
    opened.goto(f"{served}/login")
    opened.fill("#name", "victor")
    opened.fill("#password", PASSWORD)
    opened.click("button[type=submit]")
    opened.wait_for_url(f"{served}/")
    yield opened
    context.close()


def no_violations(page: Page) -> dict[str, list[str]]:
    """axe-core's serious and critical violations of the page, light and dark."""
    found = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        if violations := axe_violations(page):
            found[scheme] = violations
    return found


def test_the_picker_compares_two_scans(page: Page, served: str) -> None:
    watched = Watched(page)
    page.goto(f"{served}/hosts/{IP}")
    expect(page.get_by_role("columnheader", name="Next due")).to_be_visible()
    assert no_violations(page) == {}
    form = page.get_by_role("form", name="Compare two scans")
    form.get_by_label("From (before)").select_option("2")
    form.get_by_label("To (after)").select_option("4")
    form.get_by_role("button", name="Compare").click()
    page.wait_for_url(f"{served}/hosts/{IP}/diff?from=2&to=4")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Host {IP}: two scans compared")
    expect(page.get_by_role("row", name="443/TCP opened")).to_be_visible()
    expect(page.get_by_role("row", name="21/TCP closed")).to_be_visible()
    expect(page.get_by_role("cell", name="ssh OpenSSH 9.6")).to_be_visible()
    expect(page.get_by_role("link", name="Heartbleed")).to_have_attribute("href", "/findings/5")
    assert no_violations(page) == {}
    assert watched.problems == []


def test_create_and_revoke_a_token(page: Page, served: str) -> None:
    watched = Watched(page)
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="API tokens").click()
    page.wait_for_url(f"{served}/tokens")
    page.get_by_label("Name").fill("browser-ci")
    page.get_by_label("Expires after (optional)").fill("30d")
    page.get_by_role("button", name="Create token").click()
    secret = page.get_by_label("Your new token").input_value()
    assert page.url == f"{served}/tokens" and secret not in page.url
    assert no_violations(page) == {}
    bearer = {"Authorization": f"Bearer {secret}"}
    assert httpx.get(f"{served}/api/v1/scans", headers=bearer).status_code == 200
    page.get_by_role("button", name="Revoke browser-ci").click()
    expect(page.get_by_role("status")).to_have_text(
        "Token browser-ci of victor is revoked: it no longer authenticates."
    )
    expect(page.get_by_role("row", name="browser-ci revoked")).to_be_visible()
    assert httpx.get(f"{served}/api/v1/scans", headers=bearer).status_code == 401
    assert no_violations(page) == {}
    assert watched.problems == []
