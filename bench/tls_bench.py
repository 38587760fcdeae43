"""Benchmark of the TLS check (app aucote-tls, every exploit) against the tools it stands beside.

For four loopback servers (TLS 1.0 only, weak DH, expired certificate, a good modern server) it
prints the median wall time of: the whole TLS check in-process; the sslyze command alone on the
same port (`sslyze HOST:PORT --json_out FILE`, with every scan command); nmap's
`ssl-enum-ciphers`. It then derives from the sslyze command's JSON (and its Mozilla compliance
summary) which of our exploits should have a finding, and compares with what the check found.

    .venv/bin/python -m bench.tls_bench [--runs 3]
"""

import argparse
import asyncio
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from ipaddress import ip_address
from pathlib import Path
from typing import Any, TypeVar

from tests.support.tls_servers import (
    LEGACY,
    MODERN,
    Authority,
    CertSpec,
    days,
    openssl_server,
    weak_dh_params,
)

from aucote.catalog import load_catalog
from aucote.checks.contract import CheckContext, Selected
from aucote.checks.tls.check import TlsCheck
from aucote.model.exploit import Exploit
from aucote.model.protocol import Protocol
from aucote.model.target import Node, Port

SSLYZE = Path(sys.executable).with_name("sslyze")
JsonObject = dict[str, Any]
Verdicts = dict[str, bool | None]
"""Exploit name -> has a finding; None when there is no answer (a failed scan command)."""
Result = TypeVar("Result")


@dataclass(frozen=True)
class Fixture:
    """A server to measure: its certificate and `openssl s_server` options."""

    name: str
    spec: CertSpec
    options: tuple[str, ...]


@dataclass(frozen=True)
class Measure:
    """The medians and findings of one fixture."""

    check: float
    cli: float
    cli_scan: float
    nmap: float | None
    ours: Verdicts
    theirs: Verdicts


def fixtures(directory: Path) -> list[Fixture]:
    dh = str(weak_dh_params(directory))
    return [
        Fixture("TLS 1.0 only", CertSpec(), (*LEGACY, "-tls1")),
        Fixture(
            "weak DH (1024)",
            CertSpec(),
            ("-min_protocol", "TLSv1.2", "-cipher", "DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0", "-dhparam", dh),
        ),
        Fixture("expired certificate", CertSpec(not_before=days(-60), not_after=days(-1)), MODERN),
        Fixture("good modern", CertSpec(), MODERN),
    ]


def timed(action: Callable[[], Result], runs: int) -> tuple[float, Result]:
    """Median wall time of `runs` calls (at least one) and the last call's result."""
    times = []
    for _ in range(max(runs, 1)):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def run_check(port: int, exploits: list[Exploit]) -> Verdicts:
    """Every aucote-tls exploit against 127.0.0.1:port: finding or not, None when it failed."""
    target = Port(Node(1, ip_address("127.0.0.1")), port, Protocol.TCP)
    outcomes = asyncio.run(TlsCheck().run(target, [Selected(item) for item in exploits], CheckContext()))
    names = {item.id: item.name for item in exploits}
    return {names[o.exploit_id]: bool(o.findings) if o.status == "DONE" else None for o in outcomes}


def run_cli(port: int, out: Path) -> tuple[JsonObject, str]:
    """The sslyze command on 127.0.0.1:port: its JSON and its console output."""
    argv = [str(SSLYZE), f"127.0.0.1:{port}", "--json_out", str(out)]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"sslyze exited {done.returncode}: {done.stderr}")
    return json.loads(out.read_text()), done.stdout


def scan_seconds(console: str) -> float:
    """The scan time the sslyze command reports itself ('SCANS COMPLETED IN 0.88 S'): without its
    start-up (interpreter, imports, trust stores)."""
    found = re.search(r"SCANS COMPLETED IN ([0-9.]+) S", console)
    if found is None:
        raise RuntimeError("sslyze printed no scan time")
    return float(found.group(1))


def run_nmap(port: int) -> None:
    argv = ["nmap", "-n", "-Pn", "--script", "ssl-enum-ciphers", "-p", str(port), "127.0.0.1"]
    subprocess.run(argv, capture_output=True, timeout=120, check=True)


def expected_findings(document: JsonObject, console: str, now: datetime) -> Verdicts:
    """Which of our exploits sslyze's own output says should have a finding, judged independently of
    our rules (OpenSSL names for cipher classes, JSON fields for the rest); None where the sslyze
    command has no answer (a scan command that did not complete)."""
    scan = document["server_scan_results"][0]["scan_result"]
    verdicts: Verdicts = {}
    for judge in (_protocols, _ciphers, _flaws):
        verdicts |= judge(scan)
    verdicts |= _certificate(scan, now)
    compliant = "OK - Compliant" in console
    verdicts["mozilla-intermediate"] = (
        True if "FAILED - Not compliant" in console else (False if compliant else None)
    )
    return verdicts


VERSIONS = {
    "ssl_2_0_cipher_suites": "sslv2-offered",
    "ssl_3_0_cipher_suites": "sslv3-offered",
    "tls_1_0_cipher_suites": "tls10-offered",
    "tls_1_1_cipher_suites": "tls11-offered",
    "tls_1_2_cipher_suites": "",
}
CLASSES = {"cipher-export": "EXP", "cipher-null": "NULL", "cipher-rc4": "RC4", "cipher-3des": "DES"}
CIPHER_RULES = (*CLASSES, "cipher-anonymous", "weak-dh")
CERTIFICATE_RULES = (
    "cert-expired",
    "cert-not-yet-valid",
    "cert-self-signed",
    "cert-hostname-mismatch",
    "cert-weak-key",
    "cert-weak-signature",
)


def _result(scan: JsonObject, field: str) -> JsonObject | None:
    attempt: JsonObject = scan[field]
    return attempt["result"] if attempt["status"] == "COMPLETED" else None


def _protocols(scan: JsonObject) -> Verdicts:
    verdicts: Verdicts = {}
    for field, rule in VERSIONS.items():
        result = _result(scan, field)
        if rule:
            verdicts[rule] = bool(result["accepted_cipher_suites"]) if result else None
    return verdicts


def _ciphers(scan: JsonObject) -> Verdicts:
    results = [_result(scan, field) for field in VERSIONS]
    if any(result is None for result in results):
        return dict.fromkeys(CIPHER_RULES)
    found = set()
    for item in (item for result in results if result for item in result["accepted_cipher_suites"]):
        suite, key = item["cipher_suite"], item["ephemeral_key"]
        found |= {rule for rule, text in CLASSES.items() if text in suite["openssl_name"]}
        if suite["is_anonymous"]:
            found.add("cipher-anonymous")
        if key and key["type_name"] == "DH" and key["size"] < 2048:
            found.add("weak-dh")
    return {rule: rule in found for rule in CIPHER_RULES}


def _certificate(scan: JsonObject, now: datetime) -> Verdicts:
    result = _result(scan, "certificate_info")
    if result is None:
        return dict.fromkeys(CERTIFICATE_RULES)
    found = set()
    for deployment in result["certificate_deployments"]:
        leaf = deployment["received_certificate_chain"][0]
        if datetime.fromisoformat(leaf["not_valid_after"]) < now:
            found.add("cert-expired")
        if datetime.fromisoformat(leaf["not_valid_before"]) > now:
            found.add("cert-not-yet-valid")
        if leaf["subject"]["rfc4514_string"] == leaf["issuer"]["rfc4514_string"]:
            found.add("cert-self-signed")
        if "127.0.0.1" not in leaf["subject_alternative_name"]["ip_addresses"]:
            found.add("cert-hostname-mismatch")
        if leaf["public_key"]["key_size"] < (256 if leaf["public_key"]["ec_curve_name"] else 2048):
            found.add("cert-weak-key")
        if leaf["signature_hash_algorithm"]["name"] in ("sha1", "md5"):
            found.add("cert-weak-signature")
    return {rule: rule in found for rule in CERTIFICATE_RULES}


def _flaws(scan: JsonObject) -> Verdicts:
    heartbleed, ccs, robot, renegotiation = (
        _result(scan, field)
        for field in ("heartbleed", "openssl_ccs_injection", "robot", "session_renegotiation")
    )
    return {
        "heartbleed": heartbleed["is_vulnerable_to_heartbleed"] if heartbleed else None,
        "ccs-injection": ccs["is_vulnerable_to_ccs_injection"] if ccs else None,
        "robot": robot["robot_result"].startswith("VULNERABLE") if robot else None,
        "insecure-renegotiation": not renegotiation["supports_secure_renegotiation"]
        if renegotiation
        else None,
        "client-renegotiation": renegotiation["is_vulnerable_to_client_renegotiation_dos"]
        if renegotiation
        else None,
    }


def measure(fixture: Fixture, authority: Authority, directory: Path, runs: int, nmap: bool) -> Measure:
    """Time the check, the sslyze command and nmap on one fixture server, and compare findings."""
    exploits = [entry.exploit for entry in load_catalog() if entry.app == TlsCheck.app]
    files = authority.issue(directory, re.sub(r"\W+", "-", fixture.name), fixture.spec)
    with openssl_server(files, *fixture.options) as port:
        check_time, ours = timed(lambda: run_check(port, exploits), runs)
        consoles: list[str] = []

        def cli() -> JsonObject:
            document, console = run_cli(port, directory / "sslyze.json")
            consoles.append(console)
            return document

        cli_time, document = timed(cli, runs)
        nmap_time = timed(lambda: run_nmap(port), runs)[0] if nmap else None
    theirs = expected_findings(document, consoles[-1], datetime.now(UTC))
    cli_scan = statistics.median(scan_seconds(console) for console in consoles)
    return Measure(check_time, cli_time, cli_scan, nmap_time, ours, theirs)


@contextmanager
def workspace() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="tls-bench-") as name:
        yield Path(name)


def comparison(ours: Verdicts, theirs: Verdicts) -> str:
    """'yes' when every exploit both sides answered agrees, else the differences; notes the exploits
    left out because one side had no answer."""
    unknown = sorted(name for name in ours if ours[name] is None or theirs.get(name) is None)
    differ = [name for name in sorted(ours) if name not in unknown and ours[name] != theirs[name]]
    text = (
        "yes"
        if not differ
        else "NO: " + ", ".join(f"{n} (ours {ours[n]}, sslyze {theirs[n]})" for n in differ)
    )
    if unknown:
        text += f" ({len(ours) - len(unknown)}/{len(ours)} compared; no answer for {', '.join(unknown)})"
    return text


def report(rows: list[tuple[Fixture, Measure]], runs: int, nmap: bool) -> None:
    print(f"TLS check (all aucote-tls exploits) vs sslyze CLI and nmap ssl-enum-ciphers; median of {runs}")
    print()
    columns = ["fixture", "TLS check s", "sslyze CLI s", "check/sslyze", "sslyze scans only s"]
    columns += ["check/scans", "nmap s", "check/nmap", "findings = sslyze's"]
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for fixture, m in rows:
        nmap_cells = f"{m.nmap:.2f} | {m.check / m.nmap:.2f}" if m.nmap else "n/a | n/a"
        same = comparison(m.ours, m.theirs)
        times = f"{m.check:.2f} | {m.cli:.2f} | {m.check / m.cli:.2f}"
        times += f" | {m.cli_scan:.2f} | {m.check / m.cli_scan:.2f}"
        print(f"| {fixture.name} | {times} | {nmap_cells} | {same} |")
    print()
    for fixture, m in rows:
        found = sorted(name for name, finding in m.ours.items() if finding)
        failed = sorted(name for name, finding in m.ours.items() if finding is None)
        failures = f"; failed: {', '.join(failed)}" if failed else ""
        print(f"{fixture.name}: {', '.join(found) or 'no findings'}{failures}")
    if not nmap:
        print("nmap is not installed: its column is n/a")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    nmap = shutil.which("nmap") is not None
    with workspace() as directory:
        authority = Authority.create(directory)
        rows = [(f, measure(f, authority, directory, runs, nmap)) for f in fixtures(directory)]
    report(rows, runs, nmap)


if __name__ == "__main__":
    main()
