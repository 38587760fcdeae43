"""A check that hangs or a tool that crashes ends as a TIMEOUT or FAILED security scan with its
reason, and the scan around it still finishes DONE (real nmap against real stalling servers)."""

import asyncio
import re
from ipaddress import ip_address
from pathlib import Path

import pytest
from sqlalchemy import Engine

from aucote.checks.contract import CheckContext, Selected
from aucote.checks.nmap.check import NmapScriptsCheck
from aucote.engine.options import ToolOptions
from aucote.model.protocol import Protocol
from aucote.model.status import CheckReason, CheckStatus, ScanStatus
from aucote.model.target import Node, Port
from aucote.storage.tables import port_scans, scans, security_scans
from aucote.tools.fake_runner import FakeRunner
from aucote.tools.result import ToolResult
from tests.engine.scanning import BYTERANGE, FTP_ANON, catalog, loopback_ip, rows, run_scan, tcp_options
from tests.support.ftp_server import make_server as ftp_server
from tests.support.stall_server import make_server as stall_server
from tests.support.threaded_server import serving_in_thread

CRASH_ON_SCRIPTS = """#!/bin/sh
# Real nmap, except that a run of NSE scripts dies of SIGSEGV (no core file).
ulimit -c 0
for arg in "$@"; do [ "$arg" = --script ] && kill -SEGV $$; done
exec nmap "$@"
"""
SILENT_RUN = Path(__file__).parent.parent / "fixtures" / "nmap" / "scripts_silent.xml"


def _assert_scans_done(engine: Engine) -> None:
    assert {(row.scanner, row.status) for row in rows(engine, scans)} == {
        ("tcp", "DONE"),
        ("tools_basic", "DONE"),
    }


@pytest.mark.nmap
def test_a_hanging_script_times_out_and_the_scan_is_done(scan_db: Engine) -> None:
    ip = loopback_ip()
    with serving_in_thread(stall_server(ip)) as server:
        port = server.server_address[1]
        tools = {"nmap": ToolOptions(timeout=2)}
        result = run_scan(scan_db, tcp_options([ip], str(port), scripts=[BYTERANGE], tools=tools))
    assert result.status is ScanStatus.DONE
    (check,) = rows(scan_db, security_scans)
    assert (check.exploit_id, check.port, check.status) == (BYTERANGE, port, CheckStatus.TIMEOUT)
    assert check.reason == CheckReason.TIMEOUT
    assert _timed_out_after(check.detail) or "stopped the script at its time limit" in check.detail
    assert check.start <= check.end < check.start + 4
    _assert_scans_done(scan_db)


def _timed_out_after(reason: str, limit: float = 2.0) -> bool:
    """Whether `reason` reads "nmap timed out after N s", N being the time nmap ran: the limit, plus
    the time to kill it on a busy machine."""
    found = re.fullmatch(r"nmap timed out after (\d+\.\d) s", reason)
    return found is not None and limit <= float(found.group(1)) < limit + 5


@pytest.mark.nmap
def test_a_crashing_tool_fails_its_checks_and_the_scan_is_done(scan_db: Engine, tmp_path: Path) -> None:
    wrapper = tmp_path / "nmap"
    wrapper.write_text(CRASH_ON_SCRIPTS)
    wrapper.chmod(0o755)
    ip = loopback_ip()
    with serving_in_thread(ftp_server(ip)) as server:
        port = server.server_address[1]
        tools = {"nmap": ToolOptions(command=str(wrapper))}
        options = tcp_options([ip], str(port), scripts=[FTP_ANON], tools=tools, nmap=str(wrapper))
        result = run_scan(scan_db, options)
    assert result.status is ScanStatus.DONE
    assert [(row.port, row.service_name) for row in rows(scan_db, port_scans)] == [(port, "ftp")]
    (check,) = rows(scan_db, security_scans)
    assert (check.exploit_id, check.status, check.reason) == (FTP_ANON, CheckStatus.FAILED, "tool_error")
    assert check.detail.startswith("nmap exited with status -11")
    _assert_scans_done(scan_db)


def _silent_run(duration: float) -> ToolResult:
    return ToolResult(("nmap",), 0, SILENT_RUN.read_bytes(), b"", 100.0, 100.0 + duration)


@pytest.mark.parametrize(
    ("duration", "status"),
    [(0.5, "DONE"), (8.9, "DONE"), (9.0, "TIMEOUT"), (9.9, "TIMEOUT")],
)
def test_a_silent_script_of_a_run_that_reached_the_script_timeout_is_a_timeout(
    duration: float, status: str
) -> None:
    """nmap stops a script at --script-timeout (0.9 x the check's timeout: 9 s) without a word, after
    9 to 10 s (NSE counts whole seconds); a shorter silent run is a script that found nothing."""
    check = NmapScriptsCheck(catalog())
    port = Port(Node(1, ip_address("10.231.0.2")), 80, Protocol.TCP)
    context = CheckContext(runner=FakeRunner(lambda argv: _silent_run(duration)), timeout=10)
    selected = [Selected(catalog()[BYTERANGE].exploit)]
    (outcome,) = asyncio.run(check.run(port, selected, context))
    assert outcome.status == status
    assert (outcome.reason is None) == (status == "DONE")
