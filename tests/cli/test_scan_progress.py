"""`aucote scan`'s progress display: in 80 columns the running tool's target comes first and an
IPv4 address is never cut; its script names are."""

import io

from rich.console import Console

from aucote.cli.scan_progress import ScanProgress, note
from aucote.engine.progress import ChecksDone, ChecksPlanned, HostDone, HostsFound, ToolStarted
from tests.support.scan_results import HTTP, SSH

LABEL = "nmap http-vuln-cve2011-3192 http-title ssl-cert on 198.18.200.1:443/TCP [tools_basic #4]"


def test_the_note_puts_the_target_first_and_leaves_the_scan_out() -> None:
    assert note(LABEL) == "198.18.200.1:443/TCP nmap http-vuln-cve2011-3192 http-title ssl-cert"
    assert note("nmap port scan") == "nmap port scan"


def test_80_columns_keep_the_address_whole() -> None:
    console = Console(width=80, file=io.StringIO(), color_system=None)
    with ScanProgress(console) as progress:
        progress(HostsFound(2))
        progress(HostDone(str(SSH.node.ip), 2))
        progress(ChecksPlanned(HTTP, 10))
        progress(ChecksDone(HTTP, 4, 1))
        progress(ToolStarted(LABEL))
    lines = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
    assert [line.split()[:3] for line in lines] == [["hosts", "━━━━━", "1/2"], ["checks", "━━━━", "4/10"]]
    assert "2 open ports" in lines[0]
    assert "198.18.200.1:443/TCP nmap http-vuln" in lines[1] and "…" in lines[1]
    assert all(len(line) <= 80 for line in lines)
