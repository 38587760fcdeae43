"""The end of `aucote scan`: the findings grouped by host and port, one line each, and a summary.

A host heading is its address, never cut; under it a heading per port (number/protocol and the
service seen); under that one line per finding: risk, CVSS (blank when unknown), check, CVE and
the first line of its evidence, cut with … to fit the terminal, never wrapped. Informational
outputs (risk None) are counted, and listed only with `show_info`.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from rich.console import Console
from rich.text import Text

from aucote.engine.result import ReportedFinding, ScanResult
from aucote.model.status import RiskLevel
from aucote.model.target import Port, Service

RISK_ORDER = {RiskLevel.HIGH: 0, RiskLevel.MEDIUM: 1, RiskLevel.LOW: 2, RiskLevel.NONE: 3}
RISK_STYLE = {
    RiskLevel.HIGH: "bold red",
    RiskLevel.MEDIUM: "yellow",
    RiskLevel.LOW: "cyan",
    RiskLevel.NONE: "dim",
}
INDENT = "    "
MAX_CHECK = 24
MAX_CVE = 18
MIN_EVIDENCE = 12


@dataclass(frozen=True, slots=True)
class _Widths:
    """Widths of the check and CVE columns, shared by every line of the report."""

    check: int
    cve: int


def print_table(console: Console, result: ScanResult, *, show_info: bool = False) -> None:
    """Status line, problems, the grouped findings, and the summary by risk."""
    console.print(_status_line(result), highlight=False)
    for problem in result.problems:
        console.print(f"[yellow]problem:[/] {problem}", highlight=False)
    shown = [*result.findings, *(result.informational if show_info else [])]
    widths = _widths(shown)
    for _, items in groupby(sorted(shown, key=_place), key=lambda item: _host_key(item.port)):
        _print_host(console, list(items), widths)
    console.print()
    console.print(summary_line(result), highlight=False)


def summary_line(result: ScanResult) -> str:
    """ "3 findings (1 High, 2 Medium); 19 informational outputs kept"."""
    risks = ", ".join(f"{count} {risk.value}" for risk, count in result.by_risk().items())
    found = _plural(len(result.findings), "finding") + (f" ({risks})" if risks else "")
    return f"{found}; {_plural(len(result.informational), 'informational output')} kept"


def _status_line(result: ScanResult) -> str:
    counts = ", ".join(f"{count} {status.value.lower()}" for status, count in sorted(result.checks.items()))
    scans = ", ".join(f"{name} #{scan_id}" for name, scan_id in result.scan_ids.items())
    return (
        f"Scan {result.status.value}: {result.hosts} hosts, {result.open_ports} open ports, "
        f"checks: {counts or 'none'}; scans {scans}"
    )


def _print_host(console: Console, items: list[ReportedFinding], widths: _Widths) -> None:
    """The address (never cut), then each port's heading and lines."""
    console.print()
    console.print(Text(str(items[0].port.node.ip), style="bold"), soft_wrap=True)
    for _, group in groupby(items, key=lambda item: _port_key(item.port)):
        in_port = list(group)
        console.print(_fit(_port_heading(in_port[0].port), console.width), no_wrap=True)
        for item in in_port:
            console.print(_fit(_line(item, widths, console.width), console.width), no_wrap=True)


def _port_heading(port: Port) -> Text:
    """ "  22/TCP  ssh OpenSSH 8.9p1", "  443/TCP  ssl/http nginx 1.18.0"."""
    seen = _service(port.service) if port.service else ""
    return Text.assemble("  ", (f"{port.number}/{port.protocol.name}", "bold"), f"  {seen}".rstrip())


def _service(service: Service) -> str:
    name = f"{service.tunnel}/{service.name}" if service.tunnel and service.name else service.name
    return " ".join(part for part in (name, service.product, service.version) if part)


def _line(item: ReportedFinding, widths: _Widths, width: int) -> Text:
    """Risk, CVSS, check, CVE, then as much of the evidence's first line as fits."""
    score = item.scoring
    risk = score.risk_level.value if score.is_finding else "info"
    cvss = f"{score.cvss:.1f}" if score.cvss is not None else ""
    head = Text.assemble(
        INDENT,
        (f"{risk:<6}", RISK_STYLE[score.risk_level]),
        f" {cvss:>4}  ",
        _cell(item.exploit.name, widths.check),
        *((_cell(_cve(score.cve), widths.cve),) if widths.cve else ()),
    )
    evidence = _cut(_first_line(item.finding.output), max(width - len(head), MIN_EVIDENCE))
    return Text.assemble(head, evidence)


def _cell(value: str, width: int) -> Text:
    """`value` cut with … to `width`, padded, then two spaces."""
    return Text(_cut(value, width).ljust(width) + "  ")


def _cut(value: str, width: int) -> str:
    return value if len(value) <= width else value[: max(width - 1, 0)] + "…"


def _fit(text: Text, width: int) -> Text:
    """The line cut with … at the terminal's width (it never wraps)."""
    text.truncate(width, overflow="ellipsis")
    return text


def _widths(items: Sequence[ReportedFinding]) -> _Widths:
    check = max((len(item.exploit.name) for item in items), default=0)
    cve = max((len(_cve(item.scoring.cve)) for item in items), default=0)
    return _Widths(check=min(check, MAX_CHECK), cve=min(cve, MAX_CVE))


def _cve(cves: str | None) -> str:
    """The first CVE of the list, with how many more: "CVE-2017-0143 +2"."""
    if not cves:
        return ""
    first, *more = cves.split(",")
    return f"{first} +{len(more)}" if more else first


def _first_line(output: str) -> str:
    return next((line.strip() for line in output.splitlines() if line.strip()), "")


def _place(item: ReportedFinding) -> tuple[tuple[int, int], tuple[int, int], int, str]:
    """Host by address, port by protocol and number, then highest risk first."""
    return _host_key(item.port), _port_key(item.port), RISK_ORDER[item.scoring.risk_level], item.exploit.name


def _host_key(port: Port) -> tuple[int, int]:
    return port.node.ip.version, int(port.node.ip)


def _port_key(port: Port) -> tuple[int, int]:
    return int(port.protocol), port.number


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
