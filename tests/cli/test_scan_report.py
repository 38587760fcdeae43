"""`aucote scan`'s table: grouped by host and port, one line per finding cut to the terminal,
addresses never cut, blank CVSS when unknown, a summary by risk; informational outputs counted and
listed only on request."""

import io

from rich.console import Console

from aucote.cli.scan_report import print_table, summary_line
from aucote.engine.result import ScanResult
from tests.support.scan_results import lab_result


def rendered(result: ScanResult, width: int, *, show_info: bool = False) -> list[str]:
    """The report's lines as a terminal of `width` columns shows them."""
    console = Console(width=width, file=io.StringIO(), color_system=None)
    print_table(console, result, show_info=show_info)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    return [line.rstrip() for line in output.splitlines()]


def test_80_columns_one_line_per_finding_cut_to_fit() -> None:
    assert rendered(lab_result(), 80)[2:] == [
        "",
        "198.18.200.1",
        "  22/TCP  ssh OpenSSH 8.9p1 Ubuntu 3ubuntu0.10",
        "    Medium       ssh-weak-kex                              weak key exchange al…",
        "  443/TCP  ssl/http nginx 1.18.0",
        "    High    7.5  heartbleed              CVE-2014-0160     heartbeat answers wi…",
        "    Medium  5.9  cipher-rc4              CVE-2013-2566 +1  RC4 cipher suites ac…",
        "",
        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1",
        "  80/TCP  http Apache httpd 2.4.49 ((Unix))",
        "    Medium  7.5  cve-by-cpe              CVE-2021-41773    CVE-2021-41773 (7.5)…",
        "    Medium       http-vuln-cve2011-3192  CVE-2011-3192     VULNERABLE:",
        "",
        "5 findings (1 High, 4 Medium); 5 informational outputs kept",
    ]


def test_no_line_is_wider_than_the_terminal_and_no_address_is_cut() -> None:
    for width in (80, 200):
        lines = rendered(lab_result(), width, show_info=True)
        assert all(len(line) <= width for line in lines)
        for address in ("198.18.200.1", "198.18.200.12", "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1"):
            assert address in lines


def test_200_columns_show_the_whole_first_line_of_evidence() -> None:
    lines = rendered(lab_result(), 200)
    assert (
        "    Medium       ssh-weak-kex                              weak key exchange algorithms offered: "
        "diffie-hellman-group1-sha1, diffie-hellman-group14-sha1"
    ) in lines
    assert not any("second line" in line for line in lines)
    assert (
        lines[0]
        == "Scan DONE: 3 hosts, 5 open ports, checks: 40 done, 1 failed; scans tcp #3, tools_basic #4"
    )


def test_informational_outputs_are_listed_on_request() -> None:
    lines = rendered(lab_result(), 80, show_info=True)
    assert lines[lines.index("  22/TCP  ssh OpenSSH 8.9p1 Ubuntu 3ubuntu0.10") + 1 :][:2] == [
        "    Medium       ssh-weak-kex                              weak key exchange al…",
        "    info         ssh-server-version                        SSH-2.0-OpenSSH_8.9p1",
    ]
    assert lines[lines.index("198.18.200.12") :][:4] == [
        "198.18.200.12",
        "  8080/TCP  http-proxy",
        "    info         http-title                                Welcome to nginx!",
        "",
    ]
    assert "  53/UDP  domain" in lines


def test_ports_and_hosts_with_only_information_are_left_out_by_default() -> None:
    lines = rendered(lab_result(), 80)
    assert "198.18.200.12" not in lines and "  53/UDP  domain" not in lines
    assert not any("info " in line for line in lines)


def test_a_scan_without_findings_says_so() -> None:
    result = ScanResult(scan_ids={"tcp": 1, "tools_basic": 2})
    assert summary_line(result) == "0 findings; 0 informational outputs kept"
    assert rendered(result, 80)[-1] == "0 findings; 0 informational outputs kept"


def test_the_summary_counts_by_risk_in_the_singular_too() -> None:
    result = lab_result()
    del result.findings[1:]
    del result.informational[1:]
    assert summary_line(result) == "1 finding (1 Medium); 1 informational output kept"
