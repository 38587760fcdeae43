"""Implementation flaws sslyze tests for: Heartbleed, ROBOT, CCS injection, and renegotiation."""

from sslyze.plugins.robot._robot_tester import RobotScanResultEnum
from sslyze.plugins.scan_commands import ScanCommand

from aucote.checks.tls.observation import Observation, completed_result
from aucote.checks.tls.rule import Rule

ROBOT_ORACLES = {
    RobotScanResultEnum.VULNERABLE_STRONG_ORACLE: "strong",
    RobotScanResultEnum.VULNERABLE_WEAK_ORACLE: "weak",
}


def heartbleed(observation: Observation) -> str | None:
    """The heartbeat extension returns server memory (CVE-2014-0160)."""
    result = completed_result(observation.attempts.heartbleed, ScanCommand.HEARTBLEED)
    if not result.is_vulnerable_to_heartbleed:
        return None
    return "vulnerable to Heartbleed: the server answered a heartbeat with more data than was sent"


def ccs_injection(observation: Observation) -> str | None:
    """The server accepts an early ChangeCipherSpec (CVE-2014-0224)."""
    result = completed_result(observation.attempts.openssl_ccs_injection, ScanCommand.OPENSSL_CCS_INJECTION)
    if not result.is_vulnerable_to_ccs_injection:
        return None
    return "vulnerable to OpenSSL CCS injection: the server accepted an early ChangeCipherSpec message"


def robot(observation: Observation) -> str | None:
    """An RSA padding oracle (CVE-2017-13099 and the other ROBOT CVEs)."""
    result = completed_result(observation.attempts.robot, ScanCommand.ROBOT)
    oracle = ROBOT_ORACLES.get(result.robot_result)
    if oracle is None:
        return None
    return f"vulnerable to ROBOT: {oracle} Bleichenbacher oracle ({result.robot_result.value})"


def insecure_renegotiation(observation: Observation) -> str | None:
    """No secure renegotiation (RFC 5746 renegotiation_info): CVE-2009-3555."""
    result = completed_result(observation.attempts.session_renegotiation, ScanCommand.SESSION_RENEGOTIATION)
    if result.supports_secure_renegotiation:
        return None
    return "secure renegotiation (RFC 5746) is not supported: vulnerable to renegotiation injection"


def client_renegotiation(observation: Observation) -> str | None:
    """The server accepts many client-initiated renegotiations (CPU exhaustion, CVE-2011-1473)."""
    result = completed_result(observation.attempts.session_renegotiation, ScanCommand.SESSION_RENEGOTIATION)
    if not result.is_vulnerable_to_client_renegotiation_dos:
        return None
    count = result.client_renegotiations_success_count
    return f"client-initiated renegotiation accepted ({count} renegotiations on one connection)"


RULES = (
    Rule("heartbleed", frozenset({ScanCommand.HEARTBLEED}), heartbleed),
    Rule("ccs-injection", frozenset({ScanCommand.OPENSSL_CCS_INJECTION}), ccs_injection),
    Rule("robot", frozenset({ScanCommand.ROBOT}), robot),
    Rule("insecure-renegotiation", frozenset({ScanCommand.SESSION_RENEGOTIATION}), insecure_renegotiation),
    Rule("client-renegotiation", frozenset({ScanCommand.SESSION_RENEGOTIATION}), client_renegotiation),
)
