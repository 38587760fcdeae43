"""What went wrong in a browser page: console errors and warnings, page errors, failed requests;
and what axe-core (vendored in tests/web/vendor) finds."""

from pathlib import Path
from typing import Any

from playwright.sync_api import ConsoleMessage, Page, Request

AXE = Path(__file__).parent.parent / "vendor" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")
FAVICON = "/static/favicon.svg"
ABORTED = "net::ERR_ABORTED"


class Watched:
    """Problems a page reports while the test drives it."""

    def __init__(self, page: Page) -> None:
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("requestfailed", self._failed)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.problems.append(f"console {message.type}: {message.text}")

    def _failed(self, request: Request) -> None:
        if request.url.endswith(FAVICON) and request.failure == ABORTED:
            return  # fetched after the page loaded; the test's next navigation may cut it short
        self.problems.append(f"request failed: {request.url} {request.failure}")


def axe_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page (WCAG 2.x A and AA rules and best
    practices), as "rule: target" lines. The page's context must bypass its CSP: the script is
    injected inline."""
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate("async () => await axe.run(document)")
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} {violation['help']}"
        for violation in result["violations"]
        if violation["impact"] in SERIOUS
        for node in violation["nodes"]
    ]
