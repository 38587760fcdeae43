"""HydraCheck: when it refuses to run, recorded outputs turned into outcomes, masking, and real
hydra against pyftpdlib FTP servers with a weak account (found) and a strong one (not found)."""

import os
from pathlib import Path

import pytest

from aucote.checks.contract import CheckContext
from aucote.checks.external import HydraCheck
from aucote.checks.external.hydra_findings import mask
from aucote.model.protocol import Protocol
from aucote.model.status import CheckReason, CheckStatus
from aucote.model.target import Port
from aucote.tools.fake_runner import fake_result
from aucote.tools.result import ToolResult
from aucote.tools.runner import find_tool
from tests.checks.external.servers import ftp_account_server
from tests.checks.external.support import faked, port, run

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "hydra"
FTP = port(21, "ftp")
needs_hydra = pytest.mark.skipif(find_tool("hydra") is None, reason="hydra is not installed")


def recorded(name: str, returncode: int = 0) -> ToolResult:
    stdout, stderr = (FIXTURES / f"{name}.stdout").read_bytes(), (FIXTURES / f"{name}.stderr").read_bytes()
    return fake_result(("hydra",), stdout, stderr=stderr, returncode=returncode)


def on_recorded(
    name: str, target: Port = FTP, returncode: int = 0
) -> tuple[CheckStatus, str | None, CheckReason | None, str | None]:
    """(status, finding output or None, reason, detail) of the check on the recorded run `name`."""
    runner, context = faked(lambda argv: recorded(name, returncode), allow_intrusive=True)
    outcome = run(HydraCheck(), target, context)
    assert len(runner.calls) == 1 and len(outcome.findings) <= 1
    output = outcome.findings[0].output if outcome.findings else None
    return outcome.status, output, outcome.reason, outcome.detail


@pytest.mark.parametrize(
    ("target", "allow", "reason", "detail"),
    [
        (
            FTP,
            False,
            CheckReason.INTRUSIVE_DISABLED,
            "hydra is intrusive and intrusive checks are off (service.scans.intrusive)",
        ),
        (
            port(21),
            True,
            CheckReason.NOT_APPLICABLE,
            "no service detected: hydra needs to know which protocol to speak",
        ),
        (port(80, "http"), True, CheckReason.DISABLED, "service 'http' is in tools.hydra.disable_services"),
        (
            port(443, "http", tunnel="ssl"),
            True,
            CheckReason.DISABLED,
            "service 'http' is in tools.hydra.disable_services",
        ),
        (port(5900, "vnc"), True, CheckReason.DISABLED, "service 'vnc' is in tools.hydra.disable_services"),
        (port(53, "domain"), True, CheckReason.NOT_APPLICABLE, "hydra has no module for service 'domain'"),
        (
            port(21, "ftp", protocol=Protocol.UDP),
            True,
            CheckReason.NOT_APPLICABLE,
            "hydra's ftp module does not speak UDP",
        ),
        (port(161, "snmp"), True, CheckReason.NOT_APPLICABLE, "hydra's snmp module does not speak TCP"),
    ],
)
def test_refusals_are_skipped_without_running(
    target: Port, allow: bool, reason: CheckReason, detail: str
) -> None:
    runner, context = faked(lambda argv: b"", allow_intrusive=allow)
    outcome = run(HydraCheck(), target, context)
    assert (outcome.status, outcome.reason, outcome.detail) == (CheckStatus.SKIPPED, reason, detail)
    assert runner.calls == []


def test_disable_services_option_replaces_the_default() -> None:
    runner, context = faked(lambda argv: recorded("ftp_strong"), allow_intrusive=True)
    context = CheckContext(runner=runner, allow_intrusive=True, options={"disable_services": ["ftp"]})
    disabled = run(HydraCheck(), FTP, context)
    assert (disabled.status, disabled.reason, disabled.detail) == (
        CheckStatus.SKIPPED,
        CheckReason.DISABLED,
        "service 'ftp' is in tools.hydra.disable_services",
    )
    context = CheckContext(runner=runner, allow_intrusive=True, options={"disable_services": []})
    assert run(HydraCheck(), port(80, "http"), context).status is CheckStatus.DONE
    assert runner.calls[-1].argv[-1] == "http-get"


def test_command_runs_from_a_private_directory_with_word_list_files() -> None:
    runner, context = faked(lambda argv: recorded("ftp_strong"), allow_intrusive=True, timeout=99)
    run(HydraCheck(), port(2121, "ftp", tunnel="ssl"), context)
    [call] = runner.calls
    assert call.argv[:3] == ("env", "-C", str(Path(call.argv[2])))
    assert call.argv[3:9] == ("hydra", "-t", "4", "-I", "-e", "ns")
    assert call.argv[-4:] == ("-s", "2121", "127.0.0.1", "ftps") and call.timeout == 99
    logins, passwords = Path(call.argv[call.argv.index("-L") + 1]), Path(call.argv[call.argv.index("-P") + 1])
    assert logins.parent == passwords.parent == Path(call.argv[2])
    assert not Path(call.argv[2]).exists()


def test_weak_account_one_finding_password_masked() -> None:
    assert on_recorded("ftp_weak") == (CheckStatus.DONE, "login: user password: p******d", None, None)


def test_password_only_service() -> None:
    assert on_recorded("redis_password", port(6379, "redis")) == (
        CheckStatus.DONE,
        "password: c******e",
        None,
        None,
    )


def test_strong_account_no_finding() -> None:
    assert on_recorded("ftp_strong") == (CheckStatus.DONE, None, None, None)


def test_connection_errors_without_result_fail_unreachable() -> None:
    status, output, reason, detail = on_recorded("refused", returncode=255)
    assert (status, output, reason) == (CheckStatus.FAILED, None, CheckReason.UNREACHABLE)
    assert (
        detail
        == "hydra exited with status 255: [ERROR] all children were disabled due too many connection errors"
    )


def test_another_error_without_result_is_a_tool_error() -> None:
    broken = fake_result(("hydra",), b"", stderr=b"[ERROR] Unknown service: ftpx\n", returncode=255)
    outcome = run(HydraCheck(), FTP, faked(lambda argv: broken, allow_intrusive=True)[1])
    assert (outcome.status, outcome.reason, outcome.detail) == (
        CheckStatus.FAILED,
        CheckReason.TOOL_ERROR,
        "hydra exited with status 255: [ERROR] Unknown service: ftpx",
    )


def test_found_credentials_count_even_after_a_timeout() -> None:
    found = recorded("ftp_weak")
    slow = fake_result(("hydra",), found.stdout, returncode=-15, timed_out=True)
    outcome = run(HydraCheck(), FTP, faked(lambda argv: slow, allow_intrusive=True)[1])
    assert outcome.status is CheckStatus.DONE and len(outcome.findings) == 1
    nothing = fake_result(("hydra",), b"", returncode=-15, timed_out=True)
    timed_out = run(HydraCheck(), FTP, faked(lambda argv: nothing, allow_intrusive=True)[1])
    assert (timed_out.status, timed_out.reason) == (CheckStatus.TIMEOUT, CheckReason.TIMEOUT)


@pytest.mark.parametrize(
    ("password", "masked"),
    [("", "(empty)"), ("a", "*"), ("1234", "****"), ("admin", "a***n"), ("password", "p******d")],
)
def test_mask(password: str, masked: str) -> None:
    assert mask(password) == masked


@needs_hydra
def test_real_hydra_finds_the_weak_ftp_account_with_the_shipped_lists() -> None:
    with ftp_account_server("user", "password") as number:
        context = CheckContext(timeout=120, allow_intrusive=True)
        outcome = run(HydraCheck(), port(number, "ftp"), context)
    assert outcome.status is CheckStatus.DONE, outcome.detail
    assert [finding.output for finding in outcome.findings] == ["login: user password: p******d"]
    assert not Path(os.getcwd(), "hydra.restore").exists()


@needs_hydra
def test_real_hydra_finds_nothing_on_a_strong_account(tmp_path: Path) -> None:
    logins, passwords = tmp_path / "logins.txt", tmp_path / "passwords.txt"
    logins.write_text("user\nadmin\n")
    passwords.write_text("password\nuser1\n")
    # One connection at a time: with four, the test FTP server on a loaded 2-core machine once
    # dropped a login and hydra gave up on the target ("0 target did not complete", exit 255).
    options: dict[str, object] = {"logins": str(logins), "passwords": str(passwords), "tasks": 1}
    with ftp_account_server("user", "Str0ng-Pa55phrase!") as number:
        context = CheckContext(timeout=60, allow_intrusive=True, options=options)
        outcome = run(HydraCheck(), port(number, "ftp"), context)
    assert (outcome.status, outcome.findings, outcome.reason) == (CheckStatus.DONE, (), None)


@needs_hydra
def test_real_hydra_is_not_started_when_intrusive_checks_are_off() -> None:
    with ftp_account_server("user", "password") as number:
        outcome = run(HydraCheck(), port(number, "ftp"), CheckContext(timeout=60))
    assert (outcome.status, outcome.reason, outcome.detail) == (
        CheckStatus.SKIPPED,
        CheckReason.INTRUSIVE_DISABLED,
        "hydra is intrusive and intrusive checks are off (service.scans.intrusive)",
    )
