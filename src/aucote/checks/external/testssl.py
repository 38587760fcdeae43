"""The `testssl` check: testssl.sh against one TLS port (direct or STARTTLS), its JSON file read
after the run; one finding per result of severity LOW or worse."""

from collections.abc import Sequence
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Final

from aucote.checks.contract import CheckContext, ExploitOutcome, Selected
from aucote.checks.external.outcomes import done, ended, failure, timed_out
from aucote.checks.external.settings import TestsslSettings
from aucote.checks.external.testssl_findings import weakness_findings
from aucote.checks.reasons import all_unjudged
from aucote.checks.starttls import starttls_choice
from aucote.model.status import CheckReason
from aucote.model.target import Port
from aucote.tools.errors import ParseError, ToolNotFound
from aucote.tools.result import ToolResult
from aucote.tools.testssl.argv import scan_argv
from aucote.tools.testssl.parse import parse_testssl_json
from aucote.tools.testssl.report import TestsslReport

APP: Final = "testssl"
CANNOT_CONNECT: Final = "Can't connect"
"""How testssl's fatal scan problem starts when the port did not accept a connection."""

STARTTLS_SERVICES: Final = {
    "ftp": "ftp",
    "smtp": "smtp",
    "submission": "smtp",
    "lmtp": "lmtp",
    "pop3": "pop3",
    "imap": "imap",
    "xmpp": "xmpp",
    "xmpp-client": "xmpp",
    "jabber": "xmpp",
    "telnet": "telnet",
    "ldap": "ldap",
    "nntp": "nntp",
    "postgresql": "postgres",
    "mysql": "mysql",
}
"""nmap names of plaintext services testssl upgrades with `--starttls <protocol>`."""

STARTTLS_PORTS: Final = {
    21: "ftp",
    25: "smtp",
    587: "smtp",
    110: "pop3",
    119: "nntp",
    143: "imap",
    389: "ldap",
    3306: "mysql",
    5222: "xmpp",
    5432: "postgres",
}
"""Plaintext protocols by port number, for a port whose service was not detected."""


def starttls_protocol(port: Port) -> str | None:
    """The STARTTLS protocol for the port, None for TLS from the first byte (any service in an
    ssl tunnel, any other detected service, an undetected service on another port)."""
    return starttls_choice(port, STARTTLS_SERVICES, STARTTLS_PORTS.get)


class TestsslCheck:
    """testssl.sh (`tools.testssl.cmd`), ~80 s per port with its default set of checks."""

    __test__ = False

    app: str = APP

    async def run(
        self, port: Port, selected: Sequence[Selected], context: CheckContext
    ) -> list[ExploitOutcome]:
        if not selected:
            return []
        start = context.clock()
        with TemporaryDirectory(prefix="aucote-testssl-") as directory:
            json_file = Path(directory) / "testssl.json"
            try:
                argv = self.argv(port, json_file, context)
                result = await context.runner(argv, timeout=context.timeout)
            except ValueError as error:
                return all_unjudged(selected, CheckReason.CHECK_ERROR, str(error), start, context.clock())
            except ToolNotFound as error:
                return all_unjudged(selected, CheckReason.TOOL_MISSING, str(error), start, context.clock())
            data = json_file.read_bytes() if json_file.is_file() else b""
        return outcomes(selected, result, data)

    def argv(self, port: Port, json_file: Path, context: CheckContext) -> list[str]:
        """The testssl command for the port; ValueError for bad options."""
        settings = TestsslSettings.from_options(context.options)
        return scan_argv(
            port.node.ip,
            port.number,
            json_file,
            starttls=starttls_protocol(port),
            checks=settings.checks,
            connect_timeout=settings.connect_timeout,
            openssl_timeout=settings.openssl_timeout,
            testssl=context.command or "testssl",
        )


def outcomes(selected: Sequence[Selected], result: ToolResult, data: bytes) -> list[ExploitOutcome]:
    """The outcome of one testssl run whose JSON file held `data` (a non-zero exit is tolerated:
    testssl exits with the number of problems it met)."""
    if result.timed_out:
        return timed_out(selected, result, "testssl")
    try:
        report = parse_testssl_json(data)
    except ParseError as error:
        return ended(selected, result, CheckReason.TOOL_ERROR, failure("testssl", result, str(error)))
    if report.interrupted or report.fatal:
        problems = "; ".join(report.problems) or "scan interrupted"
        return ended(selected, result, stop_reason(report), f"testssl: {problems}")
    return done(selected, result, weakness_findings(report))


def stop_reason(report: TestsslReport) -> CheckReason:
    """Why testssl stopped before testing: no TLS on the port (not_applicable), no connection
    (unreachable), or any other fatal problem (tool_error)."""
    if report.not_tls and not report.fatal:
        return CheckReason.NOT_APPLICABLE
    if any(problem.startswith(CANNOT_CONNECT) for problem in report.problems):
        return CheckReason.UNREACHABLE
    return CheckReason.TOOL_ERROR
