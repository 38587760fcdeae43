"""The `aucote-http-headers` check: fetch the page once, then judge it with each selected rule
(`aucote.checks.judging`)."""

import asyncio
from collections.abc import Mapping, Sequence
from typing import Final

from aucote.checks.contract import CheckContext, ExploitOutcome, Selected
from aucote.checks.http_headers.client import open_client
from aucote.checks.http_headers.fetch import FetchError, fetch_page
from aucote.checks.http_headers.origin import origin_url
from aucote.checks.http_headers.page import Page
from aucote.checks.http_headers.rule import Rule
from aucote.checks.http_headers.rules import RULES
from aucote.checks.judging import judge
from aucote.checks.reasons import all_unjudged
from aucote.model.status import CheckReason
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
            detail = f"no HTTP response within {context.timeout:g} s"
            return all_unjudged(selected, CheckReason.TIMEOUT, detail, start, context.clock())
        except FetchError as error:
            return all_unjudged(selected, error.reason, str(error), start, context.clock())
        end = context.clock()
        return [judge(item.exploit, page, self._rule(item.exploit.name), start, end) for item in selected]

    def _rule(self, name: str) -> Rule | None:
        rule = self._rules.get(name)
        return citing_request(rule) if rule else None


def citing_request(rule: Rule) -> Rule:
    """The rule, its evidence followed by the request that showed it."""

    def cited(page: Page) -> str | None:
        evidence = rule(page)
        return f"{evidence}\n(GET {page.url}: {page.status})" if evidence else None

    return cited


async def _fetch(port: Port, context: CheckContext) -> Page:
    async with open_client(context.options, context.timeout) as client:
        return await fetch_page(client, origin_url(port))
