"""The `whatweb` check: WhatWeb (aggression 1: one request) against a port's web service; an
information finding when it identified software."""

from collections.abc import Sequence
from typing import Final

from aucote.catalog.matching import service_names
from aucote.checks.contract import CheckContext, ExploitOutcome, Selected
from aucote.checks.external.outcomes import done, ended, failure, timed_out
from aucote.checks.external.settings import WhatwebSettings
from aucote.checks.external.whatweb_findings import whatweb_findings
from aucote.checks.reasons import all_unjudged
from aucote.model.status import CheckReason
from aucote.model.target import Port
from aucote.tools.errors import ParseError, ToolNotFound
from aucote.tools.result import ToolResult
from aucote.tools.whatweb.argv import whatweb_argv
from aucote.tools.whatweb.parse import parse_whatweb_json

APP: Final = "whatweb"
TLS_PORTS: Final = frozenset({443, 8443})
"""Ports taken for HTTPS when no service was detected."""


def target_url(port: Port) -> str:
    """`https://ip:port` for https (or http in an ssl tunnel, or an undetected 443/8443), else http."""
    names = service_names(port.service)
    tls = "https" in names or "ssl" in names if names else port.number in TLS_PORTS
    return f"{'https' if tls else 'http'}://{port.node.ip}:{port.number}"


class WhatwebCheck:
    """WhatWeb (`tools.whatweb.cmd`), about 3 s per port. WhatWeb 0.5.5 cannot open URLs with an
    IPv6 address, so IPv6 ports are skipped."""

    app: str = APP

    async def run(
        self, port: Port, selected: Sequence[Selected], context: CheckContext
    ) -> list[ExploitOutcome]:
        if not selected:
            return []
        start = context.clock()
        if port.node.ip.version == 6:
            detail = "WhatWeb cannot open URLs with an IPv6 address"
            return all_unjudged(selected, CheckReason.NOT_APPLICABLE, detail, start, context.clock())
        try:
            result = await context.runner(self.argv(port, context), timeout=context.timeout)
        except ValueError as error:
            return all_unjudged(selected, CheckReason.CHECK_ERROR, str(error), start, context.clock())
        except ToolNotFound as error:
            return all_unjudged(selected, CheckReason.TOOL_MISSING, str(error), start, context.clock())
        return outcomes(selected, result)

    def argv(self, port: Port, context: CheckContext) -> list[str]:
        """The WhatWeb command for the port; ValueError for bad options."""
        settings = WhatwebSettings.from_options(context.options)
        return whatweb_argv(
            target_url(port),
            user_agent=settings.useragent,
            aggression=settings.aggression,
            whatweb=context.command or "whatweb",
        )


def outcomes(selected: Sequence[Selected], result: ToolResult) -> list[ExploitOutcome]:
    """The outcome of one WhatWeb run: FAILED (unreachable) when it reached nothing (its error on
    stderr), FAILED (tool_error) when its output cannot be read."""
    if result.timed_out:
        return timed_out(selected, result, "WhatWeb")
    try:
        targets = parse_whatweb_json(result.stdout)
    except ParseError as error:
        return ended(selected, result, CheckReason.TOOL_ERROR, failure("WhatWeb", result, str(error)))
    if not targets:
        return ended(selected, result, CheckReason.UNREACHABLE, failure("WhatWeb", result, "no response"))
    return done(selected, result, whatweb_findings(targets))
