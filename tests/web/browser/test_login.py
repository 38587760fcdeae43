"""A real browser (Debian's chromium driven by Playwright) logs in on a real `aucote serve` with a
user made by `aucote user add`, sees the dashboard's overview and who it is logged in as, with the
style sheet applied under the pages' Content-Security-Policy, logs out, and is back at the login
page; the page's cookie is HttpOnly and SameSite=Lax, replaying it after the logout gets nothing,
and the browser reports no console error, no page error and no failed request (but the 401 of the
wrong password it tries first, which Chrome reports)."""

import httpx
import pytest
from playwright.sync_api import Browser

from tests.web.browser.conftest import COMMAND_USER, PASSWORD
from tests.web.browser.watch import Watched

pytestmark = pytest.mark.nmap

REFUSED = "Failed to load resource: the server responded with a status of 401 (Unauthorized)"


def test_log_in_and_out_with_a_real_browser(browser: Browser, served: str) -> None:
    page = browser.new_page()
    watched = Watched(page)
    page.goto(f"{served}/")
    assert page.url == f"{served}/login?next=%2F"
    page.fill("#name", COMMAND_USER)
    page.fill("#password", "not the password")
    page.click("button[type=submit]")
    assert page.inner_text("p.message") == "Wrong name or password."
    # Chrome reports the 401 of a refused login; the watch sees it, then starts afresh.
    assert watched.problems == [f"console error: {REFUSED}"]
    watched.problems.clear()
    page.fill("#name", COMMAND_USER)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{served}/")
    assert page.inner_text("header.site .who") == f"Logged in as {COMMAND_USER} (viewer)"
    assert page.inner_text("h1") == "Overview"
    background = page.eval_on_selector("header.site", "node => getComputedStyle(node).backgroundColor")
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
    page.close()
    replayed = httpx.get(f"{served}/", cookies={"aucote_session": cookie["value"]})
    assert (replayed.status_code, replayed.headers["location"]) == (303, "/login?next=%2F")
