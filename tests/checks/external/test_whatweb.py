"""WhatwebCheck: the URL of a port, recorded logs turned into outcomes, and real WhatWeb against
Python's file server (identified) and a server that sends no identifying header (no finding)."""

from pathlib import Path

import pytest

from aucote.checks.contract import CheckContext
from aucote.checks.external import WhatwebCheck
from aucote.checks.external.whatweb import target_url
from aucote.model.status import CheckReason, CheckStatus
from aucote.tools.fake_runner import fake_result
from aucote.tools.result import ToolResult
from aucote.tools.runner import find_tool
from tests.checks.external.support import faked, port, run
from tests.support.http_servers import Reply, listing_server, reply_server

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "whatweb"
HTTP = port(80, "http")
needs_whatweb = pytest.mark.skipif(find_tool("whatweb") is None, reason="whatweb is not installed")


def recorded(argv: tuple[str, ...], name: str) -> ToolResult:
    stdout, stderr = (FIXTURES / f"{name}.json").read_bytes(), (FIXTURES / f"{name}.stderr").read_bytes()
    return fake_result(argv, stdout, stderr=stderr)


def outcome_for(name: str) -> tuple[CheckStatus, str | None, str | None]:
    """(status, finding output or None, detail) of the check on the recorded run `name`; the reason
    is None exactly when the status is DONE."""
    outcome = run(WhatwebCheck(), HTTP, faked(lambda argv: recorded(argv, name))[1])
    assert len(outcome.findings) <= 1
    assert (outcome.reason is None) is (outcome.status is CheckStatus.DONE)
    return outcome.status, outcome.findings[0].output if outcome.findings else None, outcome.detail


@pytest.mark.parametrize(
    ("number", "service", "tunnel", "url"),
    [
        (80, "http", None, "http://127.0.0.1:80"),
        (8443, "https", None, "https://127.0.0.1:8443"),
        (4443, "http", "ssl", "https://127.0.0.1:4443"),
        (443, None, None, "https://127.0.0.1:443"),
        (8080, None, None, "http://127.0.0.1:8080"),
        (443, "http", None, "http://127.0.0.1:443"),
    ],
)
def test_target_url(number: int, service: str | None, tunnel: str | None, url: str) -> None:
    assert target_url(port(number, service, tunnel=tunnel)) == url


def test_identified_software_is_one_information_finding() -> None:
    status, output, _ = outcome_for("python_server")
    assert status is CheckStatus.DONE
    assert output is not None
    lines = output.splitlines()
    assert lines[:2] == ["HTTPServer [SimpleHTTP/0.6 Python/3.11.7]", "Python 3.11.7"]
    assert lines[2].startswith("(GET http://127.0.0.1:") and lines[2].endswith(": 200)")
    assert len(lines) == 3


def test_versions_and_values() -> None:
    _, output, _ = outcome_for("apache_php")
    assert output is not None
    assert output.splitlines()[:4] == [
        "Apache 2.4.57",
        "HTTPServer [Apache/2.4.57 (Debian), Debian Linux]",
        "PHP 8.2.7",
        "X-Powered-By [PHP/8.2.7]",
    ]


def test_nothing_identifying_no_finding() -> None:
    assert outcome_for("no_identifying_headers") == (CheckStatus.DONE, None, None)


def test_redirect_merged_with_both_requests_listed() -> None:
    _, output, _ = outcome_for("redirect_same_host")
    assert output is not None
    lines = output.splitlines()
    assert lines[0] == "Apache 2.4.57" and "RedirectLocation" not in output
    assert lines[-2].endswith(": 302)") and lines[-1].endswith("/home: 200)")


def test_unreachable_fails_with_whatwebs_error() -> None:
    outcome = run(WhatwebCheck(), HTTP, faked(lambda argv: recorded(argv, "refused"))[1])
    assert (outcome.status, outcome.reason, outcome.findings) == (
        CheckStatus.FAILED,
        CheckReason.UNREACHABLE,
        (),
    )
    detail = outcome.detail or ""
    assert detail.startswith("WhatWeb exited with status 0 (no response): ERROR Opening: http://")


def test_garbage_fails_and_timeout_times_out() -> None:
    garbage = run(WhatwebCheck(), HTTP, faked(lambda argv: b"oops")[1])
    assert (garbage.status, garbage.reason) == (CheckStatus.FAILED, CheckReason.TOOL_ERROR)
    slow = run(WhatwebCheck(), HTTP, faked(lambda argv: fake_result(argv, timed_out=True))[1])
    assert (slow.status, slow.reason) == (CheckStatus.TIMEOUT, CheckReason.TIMEOUT)


def test_options_reach_the_command() -> None:
    runner, context = faked(lambda argv: b"[\n]\n", options={"useragent": "UA/1", "aggression": 3})
    run(WhatwebCheck(), HTTP, context)
    argv = runner.calls[0].argv
    assert "--user-agent=UA/1" in argv and argv[1:3] == ("--aggression", "3")


def test_bad_aggression_fails_without_running() -> None:
    runner, context = faked(lambda argv: b"[\n]\n", options={"aggression": 4})
    outcome = run(WhatwebCheck(), HTTP, context)
    assert (outcome.status, outcome.reason, runner.calls) == (CheckStatus.FAILED, CheckReason.CHECK_ERROR, [])
    assert outcome.detail == "WhatWeb aggression must be 1 or 3, not 4"


def test_ipv6_is_skipped_without_running() -> None:
    runner, context = faked(lambda argv: b"[\n]\n")
    outcome = run(WhatwebCheck(), port(80, "http", ip="::1"), context)
    assert (outcome.status, outcome.reason, runner.calls) == (
        CheckStatus.SKIPPED,
        CheckReason.NOT_APPLICABLE,
        [],
    )
    assert outcome.detail == "WhatWeb cannot open URLs with an IPv6 address"


@needs_whatweb
def test_real_whatweb_identifies_pythons_file_server(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html><head><title>Files</title></head></html>\n")
    with listing_server(tmp_path) as server:
        outcome = run(WhatwebCheck(), port(server.port, "http"), CheckContext(timeout=60))
    assert outcome.status is CheckStatus.DONE
    [finding] = outcome.findings
    assert finding.output.startswith("HTTPServer [SimpleHTTP/0.6 Python/3.")
    assert "\nPython 3." in finding.output


@needs_whatweb
def test_real_whatweb_no_finding_without_identifying_headers() -> None:
    with reply_server({"/": Reply()}) as server:
        context = CheckContext(timeout=60, options={"useragent": "AucoteTest/1"})
        outcome = run(WhatwebCheck(), port(server.port, "http"), context)
        [(_, headers)] = server.requests
    assert (outcome.status, outcome.findings) == (CheckStatus.DONE, ())
    assert headers["User-Agent"] == "AucoteTest/1"
