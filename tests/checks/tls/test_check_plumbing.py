"""TlsCheck as the engine sees it: the one request it builds, and its outcomes when sslyze fails,
times out, cannot reach TLS, or lacks one result. sslyze is replaced by a function where the real one
cannot be made to misbehave on demand."""

import asyncio
import dataclasses
import socket
import socketserver
import threading
import time
import traceback
from collections.abc import Iterator

import pytest
import sslyze.errors
from sslyze.connection_helpers.opportunistic_tls_helpers import ProtocolWithOpportunisticTlsEnum
from sslyze.plugins.heartbleed_plugin import HeartbleedScanResult
from sslyze.plugins.scan_commands import ScanCommand
from sslyze.scanner.models import (
    ServerConnectivityStatusEnum,
    ServerScanRequest,
    ServerScanResult,
    ServerScanStatusEnum,
)
from sslyze.scanner.scan_command_attempt import (
    ScanCommandAttempt,
    ScanCommandAttemptStatusEnum,
    ScanCommandErrorReasonEnum,
)
from sslyze.server_connectivity import TlsVersionEnum

from aucote.checks.contract import CheckContext, Selected
from aucote.checks.tls.check import TlsCheck
from aucote.model.exploit import Exploit
from aucote.model.protocol import Protocol
from aucote.model.status import CheckReason, CheckStatus, status_for
from tests.checks.tls.constructed import cipher_suites, completed, scan_result
from tests.checks.tls.running import loopback_port, run_check
from tests.support.ports import free_port

pytestmark = pytest.mark.filterwarnings("ignore:Parsed a serial number")


class Recorder:
    """A scan function that remembers the request and returns a fixed result."""

    def __init__(self, result: ServerScanResult) -> None:
        self.result = result
        self.requests: list[ServerScanRequest] = []

    def __call__(self, request: ServerScanRequest) -> ServerScanResult:
        self.requests.append(request)
        return self.result


def clean_tls10() -> ServerScanResult:
    return scan_result(
        tls_1_0_cipher_suites=cipher_suites(TlsVersionEnum.TLS_1_0),
        heartbleed=completed(HeartbleedScanResult(False)),
    )


def test_request_has_exactly_the_commands_needed(tls_exploits: dict[str, Exploit]) -> None:
    scan = Recorder(clean_tls10())
    run_check(tls_exploits, loopback_port(443, "https"), ["tls10-offered", "heartbleed"], scan=scan)
    (request,) = scan.requests
    assert request.scan_commands == {ScanCommand.TLS_1_0_CIPHER_SUITES, ScanCommand.HEARTBLEED}
    assert request.server_location.ip_address == "127.0.0.1"
    assert request.server_location.hostname == "127.0.0.1"
    assert request.network_configuration.tls_opportunistic_encryption is None


def test_request_sends_server_name_and_starttls(tls_exploits: dict[str, Exploit]) -> None:
    scan = Recorder(clean_tls10())
    options = {"server_name": "mail.example.com"}
    run_check(tls_exploits, loopback_port(2525, "smtp"), ["tls10-offered"], options, timeout=3, scan=scan)
    (request,) = scan.requests
    assert request.server_location.hostname == "mail.example.com"
    assert request.server_location.ip_address == "127.0.0.1"
    assert request.network_configuration.tls_server_name_indication == "mail.example.com"
    assert request.network_configuration.tls_opportunistic_encryption is ProtocolWithOpportunisticTlsEnum.SMTP
    assert request.network_configuration.network_timeout == 3


def test_one_failed_command_fails_only_its_exploits(tls_exploits: dict[str, Exploit]) -> None:
    broken: ScanCommandAttempt[object] = ScanCommandAttempt(
        ScanCommandAttemptStatusEnum.ERROR, ScanCommandErrorReasonEnum.BUG_IN_SSLYZE, None, None
    )
    result = scan_result(tls_1_0_cipher_suites=cipher_suites(TlsVersionEnum.TLS_1_0), heartbleed=broken)
    outcomes = run_check(
        tls_exploits, loopback_port(443), ["heartbleed", "tls10-offered"], scan=Recorder(result)
    )
    heartbleed = outcomes["heartbleed"]
    assert (heartbleed.status, heartbleed.reason, heartbleed.detail) == (
        CheckStatus.FAILED,
        CheckReason.TOOL_ERROR,
        "sslyze heartbleed: BUG_IN_SSLYZE",
    )
    assert outcomes["tls10-offered"].status is CheckStatus.DONE


def test_sslyze_exception_fails_every_exploit(tls_exploits: dict[str, Exploit]) -> None:
    def explode(request: ServerScanRequest) -> ServerScanResult:
        raise RuntimeError("boom")

    outcomes = run_check(tls_exploits, loopback_port(443), ["heartbleed", "robot"], scan=explode)
    assert {(o.status, o.reason, o.detail) for o in outcomes.values()} == {
        (CheckStatus.FAILED, CheckReason.TOOL_ERROR, "sslyze failed: RuntimeError: boom")
    }


def test_timeout(tls_exploits: dict[str, Exploit]) -> None:
    def slow(request: ServerScanRequest) -> ServerScanResult:
        time.sleep(0.5)
        return clean_tls10()

    outcomes = run_check(tls_exploits, loopback_port(443), ["tls10-offered"], timeout=0.1, scan=slow)
    timed_out = outcomes["tls10-offered"]
    assert (timed_out.status, timed_out.reason, timed_out.detail) == (
        CheckStatus.TIMEOUT,
        CheckReason.TIMEOUT,
        "sslyze did not finish within 0.1 s",
    )


def test_closed_port_fails_every_exploit_unreachable(tls_exploits: dict[str, Exploit]) -> None:
    port = free_port()
    outcomes = run_check(tls_exploits, loopback_port(port), ["tls10-offered", "cert-expired"])
    assert {(o.status, o.reason) for o in outcomes.values()} == {
        (CheckStatus.FAILED, CheckReason.UNREACHABLE)
    }
    assert all((o.detail or "").startswith(f"no TLS on 127.0.0.1:{port}: ") for o in outcomes.values())


class _PlainTextHandler(socketserver.BaseRequestHandler):
    request: socket.socket

    def handle(self) -> None:
        self.request.recv(4096)
        self.request.sendall(b"500 Command not understood\r\n")


@pytest.fixture
def plain_text_port() -> Iterator[int]:
    """A plain-text service that answers whatever it gets (a TLS ClientHello) with an error line and
    hangs up."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _PlainTextHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_plain_text_service_is_not_applicable(plain_text_port: int, tls_exploits: dict[str, Exploit]) -> None:
    outcomes = run_check(tls_exploits, loopback_port(plain_text_port, "https"), ["heartbleed", "robot"])
    assert {(o.status, o.reason) for o in outcomes.values()} == {
        (CheckStatus.SKIPPED, CheckReason.NOT_APPLICABLE)
    }
    assert (outcomes["heartbleed"].detail or "").startswith(f"no TLS on 127.0.0.1:{plain_text_port}: ")


def test_unknown_exploit_fails_alone_and_order_is_kept(tls_exploits: dict[str, Exploit]) -> None:
    stranger = Exploit(2099, "aucote-tls", "no-such-rule")
    selected = [
        Selected(tls_exploits["heartbleed"]),
        Selected(stranger),
        Selected(tls_exploits["tls10-offered"]),
    ]
    check = TlsCheck(Recorder(clean_tls10()))
    outcomes = asyncio.run(check.run(loopback_port(443), selected, CheckContext()))
    assert [o.exploit_id for o in outcomes] == [
        tls_exploits["heartbleed"].id,
        2099,
        tls_exploits["tls10-offered"].id,
    ]
    assert (outcomes[1].status, outcomes[1].reason, outcomes[1].detail) == (
        CheckStatus.FAILED,
        CheckReason.CHECK_ERROR,
        "aucote-tls has no rule named 'no-such-rule'",
    )
    assert [outcomes[0].status, outcomes[2].status] == [CheckStatus.DONE, CheckStatus.DONE]


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ({"server_name": 5}, "option server_name: expected a host name, got 5"),
        ({"ca_file": "/nonexistent/ca.pem"}, "option ca_file: no such file '/nonexistent/ca.pem'"),
    ],
)
def test_bad_options_fail_every_exploit(
    options: dict[str, object], reason: str, tls_exploits: dict[str, Exploit]
) -> None:
    outcomes = run_check(
        tls_exploits, loopback_port(443), ["heartbleed"], options, scan=Recorder(clean_tls10())
    )
    heartbleed = outcomes["heartbleed"]
    assert (heartbleed.status, heartbleed.reason, heartbleed.detail) == (
        CheckStatus.FAILED,
        CheckReason.CHECK_ERROR,
        reason,
    )


def test_udp_port_is_skipped(tls_exploits: dict[str, Exploit]) -> None:
    scan = Recorder(clean_tls10())
    outcomes = run_check(tls_exploits, loopback_port(443, protocol=Protocol.UDP), ["heartbleed"], scan=scan)
    heartbleed = outcomes["heartbleed"]
    assert (heartbleed.status, heartbleed.reason, heartbleed.detail) == (
        CheckStatus.SKIPPED,
        CheckReason.NOT_APPLICABLE,
        "TLS checks need a TCP port",
    )
    assert scan.requests == []


def test_nothing_selected() -> None:
    assert asyncio.run(TlsCheck().run(loopback_port(443), [], CheckContext())) == []


def test_finding_takes_the_exploit_cve_by_default(tls_exploits: dict[str, Exploit]) -> None:
    result = scan_result(heartbleed=completed(HeartbleedScanResult(True)))
    outcomes = run_check(tls_exploits, loopback_port(443), ["heartbleed"], scan=Recorder(result))
    (finding,) = outcomes["heartbleed"].findings
    assert (finding.subid, finding.cve, finding.cvss) == (0, None, None)
    assert tls_exploits["heartbleed"].cve == ("CVE-2014-0160",)


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (sslyze.errors.TlsHandshakeTimedOut, CheckReason.TIMEOUT),
        (sslyze.errors.ConnectionToServerTimedOut, CheckReason.TIMEOUT),
        (sslyze.errors.ServerRejectedConnection, CheckReason.UNREACHABLE),
        (sslyze.errors.ConnectionToServerFailed, CheckReason.UNREACHABLE),
        (sslyze.errors.ServerRejectedTlsHandshake, CheckReason.NOT_APPLICABLE),
        (sslyze.errors.ServerTlsConfigurationNotSupported, CheckReason.NOT_APPLICABLE),
        (sslyze.errors.ServerRejectedOpportunisticTlsNegotiation, CheckReason.NOT_APPLICABLE),
        (RuntimeError, CheckReason.TOOL_ERROR),
    ],
)
def test_connectivity_errors_have_their_reason(
    error: type[Exception], reason: CheckReason, tls_exploits: dict[str, Exploit]
) -> None:
    # A silent port makes sslyze time out only after 2 x 5 s: its errors are built here instead.
    done = scan_result()
    raised = (
        error(done.server_location, done.network_configuration, "what sslyze said")
        if issubclass(error, sslyze.errors.ConnectionToServerFailed)
        else error("what sslyze said")
    )
    failed = dataclasses.replace(
        done,
        connectivity_status=ServerConnectivityStatusEnum.ERROR,
        connectivity_error_trace=traceback.TracebackException.from_exception(raised),
        scan_status=ServerScanStatusEnum.ERROR_NO_CONNECTIVITY,
        scan_result=None,
    )
    outcomes = run_check(tls_exploits, loopback_port(443), ["heartbleed"], scan=Recorder(failed))
    heartbleed = outcomes["heartbleed"]
    assert (heartbleed.status, heartbleed.reason) == (status_for(reason), reason)
    assert (heartbleed.detail or "").startswith("no TLS on 127.0.0.1:443: ")
    assert "what sslyze said" in (heartbleed.detail or "")


def test_a_crashing_rule_fails_its_exploit_only(tls_exploits: dict[str, Exploit]) -> None:
    # No shipped rule can be made to crash on demand: a rule with a bug stands in for one.
    from aucote.checks.tls.rule import Rule
    from aucote.checks.tls.rules import RULES

    def buggy(observation: object) -> str | None:
        raise AttributeError("'NoneType' object has no attribute 'accepted_cipher_suites'")

    rules = {
        "heartbleed": Rule("heartbleed", RULES["heartbleed"].commands, buggy),
        "tls10-offered": RULES["tls10-offered"],
    }
    selected = [Selected(tls_exploits["heartbleed"]), Selected(tls_exploits["tls10-offered"])]
    check = TlsCheck(Recorder(clean_tls10()), rules)
    outcomes = asyncio.run(check.run(loopback_port(443), selected, CheckContext()))
    assert [(o.status, o.reason, o.detail) for o in outcomes] == [
        (
            CheckStatus.FAILED,
            CheckReason.CHECK_ERROR,
            "AttributeError: 'NoneType' object has no attribute 'accepted_cipher_suites'",
        ),
        (CheckStatus.DONE, None, None),
    ]
