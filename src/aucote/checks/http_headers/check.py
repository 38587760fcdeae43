"""The `aucote-http-headers` check: fetch the page once, then judge it with each selected rule."""

import asyncio
from collections.abc import Mapping, Sequence
from typing import Final

from aucote.checks.contract import CheckContext, ExploitOutcome, Selected, outcome_for_all
from aucote.checks.http_headers.client import open_client
from aucote.checks.http_headers.fetch import FetchError, fetch_page
from aucote.checks.http_headers.origin import origin_url
from aucote.checks.http_headers.page import Page
from aucote.checks.http_headers.rule import NotApplicable, Rule
from aucote.checks.http_headers.rules import RULES
from aucote.model.finding import Finding
from aucote.model.status import CheckStatus
from aucote.model.target import Port

APP: Final = "aucote-http-headers"


class HttpHeadersCheck:
    """One GET of `/` per port (same-origin redirects followed, at most 3), no body read."""

    app: str = APP

    def __init__(self, rules: Mapping[str, Rule] = RULES) -> None:
        self._rules = rules

    async def run(
        self, port: Port, selected: Sequence[Selected], context: CheckContext
    ) -> list[ExploitOutcome]:
        if not selected:
            return []
        start = context.clock()
        try:
            page = await asyncio.wait_for(_fetch(port, context), context.timeout)
        except TimeoutError:
            reason = f"no HTTP response within {context.timeout:g} s"
            return outcome_for_all(selected, CheckStatus.TIMEOUT, start, context.clock(), reason)
        except FetchError as error:
            return outcome_for_all(selected, CheckStatus.FAILED, start, context.clock(), str(error))
        end = context.clock()
        return [self._judge(item.exploit.id, item.exploit.name, page, start, end) for item in selected]

    def _judge(self, exploit_id: int, name: str, page: Page, start: float, end: float) -> ExploitOutcome:
        rule = self._rules.get(name)
        if rule is None:
            return ExploitOutcome(exploit_id, CheckStatus.FAILED, start, end, (), f"no rule named {name!r}")
        try:
            evidence = rule(page)
        except NotApplicable as why:
            return ExploitOutcome(exploit_id, CheckStatus.SKIPPED, start, end, (), str(why))
        findings = (Finding(f"{evidence}\n(GET {page.url}: {page.status})"),) if evidence else ()
        return ExploitOutcome(exploit_id, CheckStatus.DONE, start, end, findings)


async def _fetch(port: Port, context: CheckContext) -> Page:
    async with open_client(context.options, context.timeout) as client:
        return await fetch_page(client, origin_url(port))
