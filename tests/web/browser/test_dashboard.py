"""The dashboard in Debian's chromium, against a real `aucote serve` over a database filled by
two real scans of the lab (tests/web/browser/lab.py), logged in through the login page: every page
renders without a console error or failed request and without a serious or critical axe-core
violation; filters narrow the findings table; links lead to the right detail; the `<script>`
greeting of a scanned service shows as text and never runs; an operator sees the start and stop
buttons, a viewer does not; the scanner health refreshes itself (htmx); keyboard, phone width and
dark mode work, on every page and on a two-scan comparison and the tokens page (the screenshots of
docs/, the host page's from a real `aucote service` over a copy of the lab, for its next due
times); an operator triages a finding and a filtered view (the open counts drop, a viewer
sees the triage but no form) and the triage survives a third scan."""

import os
import re
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.engine.scanning import BYTERANGE, FTP_ANON, NEVER_SCANNED
from tests.support.ports import serving
from tests.web.browser.conftest import PASSWORD
from tests.web.browser.lab import BANNER, SCRIPT, Lab, free_ports, rescan
from tests.web.browser.watch import Watched, axe_violations

pytestmark = pytest.mark.nmap

SCREENSHOTS = os.environ.get("AUCOTE_SCREENSHOTS")
"""A folder to copy the pages' screenshots to (docs/screenshots when making the docs)."""


def context_of(
    browser: Browser, logged_in: dict[str, str], user: str = "victor", **options: object
) -> BrowserContext:
    """A browser context logged in as `user`."""
    return browser.new_context(storage_state=logged_in[user], **options)  # type: ignore[arg-type]


def pages_of(lab: Lab) -> list[str]:
    """Every kind of page, with the lab's own items."""
    return [
        "/",
        "/hosts",
        f"/hosts/{lab.ip}",
        "/findings",
        "/findings?info=1&sort=risk",
        "/findings/1",
        "/scanners",
        "/scans/2",
    ]


def test_every_page_renders_without_errors(
    browser: Browser, served: str, lab: Lab, logged_in: dict[str, str]
) -> None:
    page = context_of(browser, logged_in).new_page()
    watched = Watched(page)
    for path in pages_of(lab):
        response = page.goto(served + path)
        assert response is not None and response.status == 200, path
        expect(page.locator("h1")).to_be_visible()
        assert page.eval_on_selector("header.site", "node => getComputedStyle(node).display") == "flex"
    assert watched.problems == []
    page.close()


def test_no_serious_accessibility_violation(
    browser: Browser, served: str, lab: Lab, logged_in: dict[str, str]
) -> None:
    context = context_of(browser, logged_in, "olivia", bypass_csp=True)
    page = context.new_page()
    found: dict[str, list[str]] = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for path in [*pages_of(lab), "/login"]:
            page.goto(served + path)
            page.locator("details").evaluate_all("nodes => nodes.forEach(node => node.open = true)")
            if violations := axe_violations(page):
                found[f"{scheme} {path}"] = violations
    context.close()
    assert found == {}


def test_filters_narrow_the_findings(
    browser: Browser, served: str, lab: Lab, logged_in: dict[str, str]
) -> None:
    page = context_of(browser, logged_in).new_page()
    page.goto(f"{served}/findings")
    assert _checks(page) == {"ftp-anon", "http-vuln-cve2011-3192"}
    page.select_option("#f-risk", "High")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"/findings\?.*risk=High"))
    assert _checks(page) == {"ftp-anon"}
    page.goto(f"{served}/findings")
    page.fill("#f-port", str(lab.web))
    page.click("form.filters button[type=submit]")
    assert _checks(page) == {"http-vuln-cve2011-3192"}
    assert f"port={lab.web}" in page.url
    page.fill("#f-port", "")
    page.click("#f-info")
    page.click("form.filters button[type=submit]")
    assert _checks(page) == {"ftp-anon", "http-vuln-cve2011-3192", "banner"}
    assert "info=1" in page.url
    page.close()


def test_links_lead_to_the_right_detail(
    browser: Browser, served: str, lab: Lab, logged_in: dict[str, str]
) -> None:
    page = context_of(browser, logged_in).new_page()
    page.goto(f"{served}/findings?port={lab.ftp}")
    page.get_by_role("link", name="Anonymous FTP login allowed").click()
    expect(page.locator("h1")).to_have_text("Anonymous FTP login allowed")
    assert f"{lab.ftp}/TCP" in page.inner_text("section.card")
    page.get_by_role("link", name=lab.ip).first.click()
    expect(page.locator("h1")).to_have_text(f"Host {lab.ip}")
    grid = page.locator("table.grid-table")
    row = grid.locator("tbody tr").filter(has_text=f"{lab.ftp}/TCP").filter(has_text="ftp-anon")
    expect(row).to_contain_text("DONE")
    page.get_by_role("link", name="tools_basic #4").first.click()
    expect(page.locator("h1")).to_have_text("Scan tools_basic #4")
    page.goto(f"{served}/")
    page.get_by_role("link", name=f"{lab.web}/TCP").click()
    expect(page.locator("table.hosts tbody tr")).to_have_count(1)
    assert page.url.endswith(f"/hosts?port={lab.web}&protocol=TCP")
    page.close()


def test_a_script_banner_shows_as_text_and_never_runs(
    browser: Browser, served: str, lab: Lab, logged_in: dict[str, str]
) -> None:
    page = context_of(browser, logged_in).new_page()
    watched = Watched(page)
    for path in (f"/hosts/{lab.ip}", "/findings?info=1", f"/findings?info=1&port={lab.greeting}"):
        page.goto(served + path)
        page.locator("details").evaluate_all("nodes => nodes.forEach(node => node.open = true)")
        assert page.title() != "pwned"
        expect(page.get_by_text(SCRIPT).first).to_be_visible()
    assert watched.problems == []
    page.close()


def test_operators_see_start_and_stop_viewers_do_not(
    browser: Browser, served: str, logged_in: dict[str, str]
) -> None:
    operator = context_of(browser, logged_in, "olivia").new_page()
    operator.goto(f"{served}/scanners")
    expect(operator.get_by_role("button", name="Start tcp")).to_be_visible()
    expect(operator.locator("table.health thead th")).to_contain_text(["Scanner", "Control"])
    viewer = context_of(browser, logged_in, "victor").new_page()
    viewer.goto(f"{served}/scanners")
    expect(viewer.locator("table.health tbody tr").first).to_be_visible()
    expect(viewer.get_by_role("button", name=re.compile("^(Start|Stop) "))).to_have_count(0)
    # `aucote serve` runs no scanner: the button says so instead of starting one.
    operator.get_by_role("button", name="Start tcp").click()
    expect(operator.locator("p.message")).to_have_text(
        "Scanners are started and stopped by `aucote service`; none runs here."
    )


def test_scanner_health_refreshes_itself(browser: Browser, served: str, logged_in: dict[str, str]) -> None:
    page = context_of(browser, logged_in).new_page()
    watched = Watched(page)
    for path in ("/", "/scanners"):
        page.goto(served + path)
        page.wait_for_function("() => window.htmx !== undefined")
        url = served + path
        with page.expect_response(lambda answer, url=url: answer.url == url) as refreshed:
            page.evaluate("() => htmx.trigger('#live', 'refresh')")
        assert refreshed.value.status == 200
        expect(page.locator("#live table.health tbody tr").first).to_be_visible()
        expect(page.locator("#live")).to_have_count(1)
    assert watched.problems == []


def test_keyboard_skip_link(browser: Browser, served: str, logged_in: dict[str, str]) -> None:
    page = context_of(browser, logged_in).new_page()
    page.goto(f"{served}/findings")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.close()


@pytest.mark.parametrize(("width", "scheme", "name"), [(1280, "light", "desktop"), (390, "dark", "phone")])
def test_layouts_and_screenshots(
    browser: Browser,
    served: str,
    lab: Lab,
    logged_in: dict[str, str],
    tmp_path: Path,
    width: int,
    scheme: str,
    name: str,
) -> None:
    viewport = {"width": width, "height": 900}
    page = context_of(browser, logged_in, "olivia", viewport=viewport, color_scheme=scheme).new_page()
    shots = {"overview": "/", "findings": "/findings?info=1&sort=risk", "scanners": "/scanners"}
    for shot, path in shots.items():
        page.goto(served + path)
        _screenshot(page, tmp_path / f"{shot}-{name}.png", width)
    page.goto(f"{served}/hosts/{lab.ip}")
    page.goto(served + _first_to_last(page, lab))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Host {lab.ip}: two scans compared")
    expect(page.get_by_role("row", name=f"{lab.ftp}/TCP closed")).to_be_visible()
    expect(page.get_by_role("row", name=f"{lab.late_greeting}/TCP opened")).to_be_visible()
    _screenshot(page, tmp_path / f"diff-{name}.png", width)
    _create_token(page, served, f"ci-export-{name}")
    page.goto(f"{served}/tokens")
    expect(page.get_by_role("row", name=f"ci-export-{name}")).to_be_visible()
    _screenshot(page, tmp_path / f"tokens-{name}.png", width)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == ("rgb(20, 24, 31)" if scheme == "dark" else "rgb(246, 247, 249)")
    page.close()
    # The host page as a scanning service shows it: its freshness grid with the checks' next runs.
    with scheduling_service(lab, tmp_path) as base:
        context = browser.new_context(viewport=viewport, color_scheme=scheme)  # type: ignore[arg-type]
        page = context.new_page()
        page.goto(f"{base}/login")
        page.fill("#name", "olivia")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/")
        page.goto(f"{base}/hosts/{lab.ip}")
        expect(page.get_by_role("columnheader", name="Next due")).to_be_visible()
        grid = page.locator("table", has=page.get_by_role("columnheader", name="Next due"))
        expect(grid.locator("tbody tr").filter(has_text="http-vuln-cve2011-3192")).to_contain_text(
            re.compile(r"in \d+ (h|min)")
        )
        expect(grid).not_to_contain_text("not scheduled")
        _screenshot(page, tmp_path / f"host-{name}.png", width)
        context.close()


SCHEDULE = {"tcp": "0 3 * * *", "tools_basic": "30 3 * * *"}
"""The scanning service's daily runs (UTC) for the host page's next due times."""


@contextmanager
def scheduling_service(lab: Lab, folder: Path) -> Iterator[str]:
    """`aucote service` over a copy of the lab's database (the lab stays as it is), scanning the
    lab address with the lab's checks at the daily times of SCHEDULE (so during a test it scans
    nothing, but its scanners have next runs); the base URL of its dashboard."""
    copy = folder / "scheduled.sqlite3"
    source, target = sqlite3.connect(lab.database.removeprefix("sqlite:///")), sqlite3.connect(copy)
    with closing(source), closing(target):
        source.backup(target)
    (port,) = free_ports("127.0.0.1", 1)
    config = folder / "service.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "logging": {"level": "warning"},
                "service": {"api": {"v1": {"host": "127.0.0.1", "port": port}}},
                "workers": {"queue": "in-process"},
                "portdetection": {
                    "tcp": {
                        "scan_type": "PERIODIC",
                        "periodic_scan": {"cron": SCHEDULE["tcp"]},
                        "networks": {"include": [f"{lab.ip}/32"]},
                        "ports": {"include": [f"{lab.web}-{lab.late_greeting}"], "exclude": [NEVER_SCANNED]},
                    },
                    "udp": {"scan_enabled": False},
                    "tools_basic": {
                        "scan_type": "PERIODIC",
                        "periodic_scan": {"cron": SCHEDULE["tools_basic"]},
                        "scripts": [BYTERANGE, FTP_ANON, BANNER],
                    },
                    "tools_advanced": {"scan_enabled": False},
                },
            }
        )
    )
    argv = [sys.executable, "-m", "aucote", "service", "--config", str(config), "--db", f"sqlite:///{copy}"]
    with serving(argv, port, timeout=60):
        yield f"http://127.0.0.1:{port}"


def _screenshot(page: Page, file: Path, width: int) -> None:
    """The whole page as a PNG (copied to SCREENSHOTS when set), no wider than the viewport."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
    page.screenshot(path=str(file), full_page=True)
    assert file.read_bytes().startswith(b"\x89PNG")
    if SCREENSHOTS:
        shutil.copy(file, Path(SCREENSHOTS) / file.name)


def _first_to_last(page: Page, lab: Lab) -> str:
    """The diff of the host's first and last scans, their ids read from the host page's links to
    each scan's changes."""
    links = page.locator(f"a[href^='/hosts/{lab.ip}/diff?to=']").evaluate_all(
        "nodes => nodes.map(n => n.href)"
    )
    scans = sorted(int(link.rsplit("=", 1)[1]) for link in links)
    assert len(scans) >= 2, links
    return f"/hosts/{lab.ip}/diff?from={scans[0]}&to={scans[-1]}"


def _create_token(page: Page, served: str, name: str) -> None:
    """A token made through the tokens page's form (shown once)."""
    page.goto(f"{served}/tokens")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Expires after (optional)").fill("90d")
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_label("Your new token")).to_be_visible()


def _checks(page: Page) -> set[str]:
    """The checks named in the findings table (their app and name line)."""
    names = page.locator("table.findings tbody td span.sub").all_inner_texts()
    return {name.split()[-1] for name in names}


def test_operators_triage_and_it_survives_a_rescan(
    browser: Browser, served: str, lab: Lab, logged_in: dict[str, str], tmp_path: Path
) -> None:
    """Last in the module: it changes the lab (triage, a third scan)."""
    context = context_of(browser, logged_in, "olivia", bypass_csp=True)
    page = context.new_page()
    before = _open_counts(page, served)
    # One finding, from its page, in a browser without JavaScript: a plain form.
    plain = context_of(browser, logged_in, "olivia", java_script_enabled=False)
    form = plain.new_page()
    form.goto(f"{served}/findings?port={lab.web}")
    form.locator("table.findings tbody td a[href^='/findings/']").first.click()
    finding = form.url
    form.select_option("#triage-state", "accepted_risk")
    form.fill("#triage-reason", "lab web server, never exposed")
    form.fill("#triage-expires", "2037-01-01")
    form.get_by_role("button", name="Set triage").click()
    expect(form.locator("p.notice")).to_have_text("Triage set.")
    expect(form.locator("dl.triage-facts")).to_contain_text("Accepted risk")
    assert form.url == f"{finding}?triaged=set&count=1"
    plain.close()
    page.goto(finding)
    assert axe_violations(page) == []
    one = _open_counts(page, served)
    assert sum(one.values()) == sum(before.values()) - 1
    # A filtered view, in bulk: every finding matching it.
    page.goto(f"{served}/findings?risk=High")
    high = page.locator("table.findings tbody tr").count()
    page.locator("details.bulk summary").click()
    page.select_option("#t-state", "fix_pending")
    page.fill("#t-reason", "ticket OPS-1")
    # No row ticked: the page again (the browser's own checks passed), the error said, nothing set.
    page.locator("#bulk-triage").get_by_role("button", name="Set triage").click()
    expect(page.get_by_role("alert")).to_contain_text("Select findings in the table")
    assert page.input_value("#t-reason") == "ticket OPS-1"
    assert axe_violations(page) == []
    page.check("#t-scope-filter")
    page.locator("#bulk-triage").get_by_role("button", name="Set triage").click()
    expect(page.locator("p.notice")).to_have_text(
        re.compile(r"^Triage set on \d+ exploits? on (a port|ports)\.$")
    )
    expect(page.locator("table.findings tbody tr").filter(has_text="Fix pending")).to_have_count(high)
    page.locator("details").evaluate_all("nodes => nodes.forEach(node => node.open = true)")
    assert axe_violations(page) == []
    bulk = _open_counts(page, served)
    assert bulk == {**one, "High": 0}
    if SCREENSHOTS:  # the list with its triage and the bulk form, for docs/dashboard.md
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{served}/findings?sort=risk")
        page.locator("details.bulk").evaluate("node => node.open = true")
        page.screenshot(path=str(Path(SCREENSHOTS) / "triage-desktop.png"), full_page=True)
    # A viewer sees the triage, never a form.
    viewer = context_of(browser, logged_in).new_page()
    watched = Watched(viewer)
    viewer.goto(f"{served}/findings?risk=High")
    expect(viewer.locator("table.findings tbody tr").first).to_contain_text("Fix pending")
    expect(viewer.locator("#bulk-triage")).to_have_count(0)
    expect(viewer.locator("input[name=finding]")).to_have_count(0)
    viewer.goto(finding)
    expect(viewer.locator("dl.triage-facts")).to_contain_text("Accepted risk")
    expect(viewer.locator("#triage-form")).to_have_count(0)
    assert watched.problems == []
    # A re-scan reports the finding again: its newest report carries the triage, the counts stay.
    rescan(lab, tmp_path, [lab.web])
    page.goto(f"{served}/findings?port={lab.web}")
    row = page.locator("table.findings tbody tr").first
    expect(row).to_contain_text("Accepted risk")
    newest = row.locator("a[href^='/findings/']").first.get_attribute("href") or ""
    assert int(newest.rsplit("/", 1)[1]) > int(finding.rsplit("/", 1)[1])
    page.goto(served + newest)
    expect(page.locator("dl.triage-facts")).to_contain_text("lab web server, never exposed")
    assert _open_counts(page, served) == bulk
    context.close()


def _open_counts(page: Page, served: str) -> dict[str, int]:
    """The overview's open findings per risk."""
    page.goto(f"{served}/")
    rows = page.locator("table.risks tbody tr").all()
    return {row.locator("th").inner_text(): int(row.locator("td").first.inner_text()) for row in rows}
