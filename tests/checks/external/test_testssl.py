"""TestsslCheck: STARTTLS choice, recorded JSON files turned into outcomes, and one real testssl run
(protocols only, ~7 s) against a server offering TLS 1.0 and one offering only TLS 1.3."""

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from aucote.checks.contract import CheckContext
from aucote.checks.external import TestsslCheck
from aucote.checks.external.testssl import starttls_protocol, stop_reason
from aucote.model.status import CheckReason, CheckStatus
from aucote.tools.fake_runner import fake_result
from aucote.tools.result import ToolResult
from aucote.tools.runner import find_tool
from aucote.tools.testssl.parse import parse_testssl_json
from tests.checks.external.support import faked, port, run, selected
from tests.support.tls_servers import LEGACY, Authority, openssl_server
from tests.tools.testssl.recorded import raw

HTTPS = port(443, "https")


def writing(
    name: str | None, returncode: int = 0, timed_out: bool = False
) -> Callable[[tuple[str, ...]], ToolResult]:
    """A responder that writes the recorded JSON file `name` where testssl was told to (None: none)."""

    def respond(argv: tuple[str, ...]) -> ToolResult:
        if name is not None:
            Path(argv[argv.index("--jsonfile") + 1]).write_bytes(raw(name))
        return fake_result(argv, b"", returncode=returncode, stderr=b"last words\n", timed_out=timed_out)

    return respond


@pytest.mark.parametrize(
    ("number", "service", "tunnel", "protocol"),
    [
        (443, "https", None, None),
        (465, "smtp", "ssl", None),
        (25, "smtp", None, "smtp"),
        (587, "submission", None, "smtp"),
        (5222, "xmpp-client", None, "xmpp"),
        (5432, "postgresql", None, "postgres"),
        (21, "ftp", None, "ftp"),
        (990, "ftps", None, None),
        (21, None, None, "ftp"),
        (389, None, None, "ldap"),
        (443, None, None, None),
        (2525, "smtp", None, "smtp"),
    ],
)
def test_starttls_protocol(
    number: int, service: str | None, tunnel: str | None, protocol: str | None
) -> None:
    assert starttls_protocol(port(number, service, tunnel=tunnel)) == protocol


def test_one_finding_per_weakness_of_the_legacy_server() -> None:
    runner, context = faked(writing("legacy_full"), command="/opt/testssl", timeout=30)
    outcome = run(TestsslCheck(), HTTPS, context)
    assert outcome.status is CheckStatus.DONE and outcome.reason is None
    assert len(outcome.findings) == 13
    by_id = {finding.output.split(":")[0]: finding for finding in outcome.findings}
    assert by_id["TLS1"].output == "TLS1: offered (deprecated)\ntestssl severity: LOW"
    assert by_id["cipherlist_NULL"].output.endswith("testssl severity: CRITICAL\nCWE: CWE-327")
    assert (by_id["LUCKY13"].cve, by_id["TLS1"].cve) == ("CVE-2013-0169", None)
    assert len({finding.subid for finding in outcome.findings}) == 13
    [call] = runner.calls
    assert call.argv[0] == "/opt/testssl" and call.timeout == 30


def test_subids_follow_the_testssl_id_not_the_position() -> None:
    legacy = run(TestsslCheck(), HTTPS, faked(writing("legacy_full"))[1])
    modern = run(TestsslCheck(), HTTPS, faked(writing("modern_full"))[1])
    subids = {finding.output.split(":")[0]: finding.subid for finding in legacy.findings}
    for finding in modern.findings:
        assert subids[finding.output.split(":")[0]] == finding.subid


def test_tls13_only_server_has_fewer_findings() -> None:
    outcome = run(TestsslCheck(), HTTPS, faked(writing("modern_full"))[1])
    assert outcome.status is CheckStatus.DONE
    names = sorted(finding.output.split(":")[0] for finding in outcome.findings)
    assert names == ["HSTS", "cert_chain_of_trust", "cert_revocation", "security_headers"]


def test_no_weakness_no_finding() -> None:
    outcome = run(TestsslCheck(), port(25, "smtp"), faked(writing("smtp_starttls_protocols"))[1])
    assert (outcome.status, outcome.findings) == (CheckStatus.DONE, ())


def test_not_a_tls_service_is_skipped() -> None:
    outcome = run(TestsslCheck(), HTTPS, faked(writing("not_tls", returncode=245))[1])
    assert (outcome.status, outcome.reason) == (CheckStatus.SKIPPED, CheckReason.NOT_APPLICABLE)
    assert outcome.detail and outcome.detail.startswith("testssl: 127.0.0.1:")
    assert "doesn't seem to be a TLS/SSL enabled server" in outcome.detail


def test_refused_connection_fails_unreachable() -> None:
    outcome = run(TestsslCheck(), HTTPS, faked(writing("refused", returncode=246))[1])
    assert (outcome.status, outcome.reason) == (CheckStatus.FAILED, CheckReason.UNREACHABLE)
    assert outcome.detail and outcome.detail.startswith("testssl: Can't connect to '127.0.0.1:")


def test_no_json_file_fails_with_testssls_last_words() -> None:
    outcome = run(TestsslCheck(), HTTPS, faked(writing(None, returncode=1))[1])
    assert (outcome.status, outcome.reason) == (CheckStatus.FAILED, CheckReason.TOOL_ERROR)
    assert outcome.detail == (
        "testssl exited with status 1 (testssl JSON unreadable: Expecting value: line 1 column 1 (char 0)): "
        "last words"
    )


def test_timeout() -> None:
    outcome = run(TestsslCheck(), HTTPS, faked(writing(None, timed_out=True))[1])
    assert (outcome.status, outcome.reason) == (CheckStatus.TIMEOUT, CheckReason.TIMEOUT)
    assert outcome.detail and outcome.detail.startswith("testssl timed out after")


def test_options_reach_the_command() -> None:
    runner, context = faked(writing("legacy_protocols"), options={"checks": ["-p"], "openssl_timeout": 3})
    run(TestsslCheck(), port(25, None), context)
    argv = runner.calls[0].argv
    assert argv[-4:] == ("-p", "--starttls", "smtp", "127.0.0.1:25")
    assert argv[argv.index("--openssl-timeout") + 1] == "3"


def test_bad_option_fails_without_running() -> None:
    runner, context = faked(writing("legacy_protocols"), options={"checks": ["--phone-out"]})
    outcome = run(TestsslCheck(), HTTPS, context)
    assert (outcome.status, outcome.reason, runner.calls) == (CheckStatus.FAILED, CheckReason.CHECK_ERROR, [])
    assert outcome.detail == "not testssl single-check options: --phone-out"


def test_nothing_selected_runs_nothing() -> None:
    runner, context = faked(writing("legacy_protocols"))
    assert asyncio.run(TestsslCheck().run(HTTPS, [], context)) == []
    assert runner.calls == []


def test_json_directory_is_removed_after_the_run() -> None:
    runner, context = faked(writing("legacy_protocols"))
    run(TestsslCheck(), HTTPS, context)
    argv = runner.calls[0].argv
    assert not Path(argv[argv.index("--jsonfile") + 1]).parent.exists()


@pytest.mark.skipif(find_tool("testssl") is None, reason="testssl is not installed")
def test_real_testssl_finds_tls10_on_the_legacy_server_only(tmp_path: Path) -> None:
    files = Authority.create(tmp_path).issue(tmp_path, "server")
    context = CheckContext(timeout=120, options={"checks": ["--protocols"]})
    with openssl_server(files, *LEGACY) as legacy, openssl_server(files, "-tls1_3") as modern:

        async def both() -> list[list[str]]:
            check = TestsslCheck()
            runs = [
                check.run(port(number, "https"), [selected("testssl")], context)
                for number in (legacy, modern)
            ]
            outcomes = [outcome for [outcome] in await asyncio.gather(*runs)]
            assert all(outcome.status is CheckStatus.DONE for outcome in outcomes), outcomes
            return [[finding.output.split(":")[0] for finding in outcome.findings] for outcome in outcomes]

        weak, strong = asyncio.run(both())
    assert weak == ["TLS1", "TLS1_1"]
    assert strong == []


def test_another_fatal_problem_is_a_tool_error() -> None:
    # testssl's recorded refusal with the words of another fatal problem (one it prints when its
    # own openssl cannot run): not a refused connection, so the tool failed.
    words = "Can't connect to '127.0.0.1:"
    data = raw("refused").replace(words.encode(), b"Your OpenSSL cannot run on '127.0.0.1:")
    assert words.encode() in raw("refused") and words.encode() not in data
    report = parse_testssl_json(data)
    assert stop_reason(report) is CheckReason.TOOL_ERROR
    assert stop_reason(parse_testssl_json(raw("refused"))) is CheckReason.UNREACHABLE
    assert stop_reason(parse_testssl_json(raw("not_tls"))) is CheckReason.NOT_APPLICABLE
