"""Checks across scanners: which scanner names exist, and that `run_after` names them without cycles."""

from collections.abc import Mapping, Sequence

from aucote.config.errors import ConfigProblem
from aucote.config.scanner import ScannerSettings

PORT_SCANNERS = ("tcp", "udp")
"""Scanners that discover open ports; every other active scanner is a tools scanner."""

BUILT_IN_TOOLS_SCANNERS = ("tools_basic", "tools_advanced")


def active_scanner_names(security_scans: Sequence[str]) -> list[str]:
    """The scanners that run: the port scanners and then the tools scanners in `security_scans` order."""
    return [*PORT_SCANNERS, *security_scans]


def scanner_problems(
    security_scans: Sequence[str], scanners: Mapping[str, ScannerSettings]
) -> list[ConfigProblem]:
    """Problems with scanner names and `run_after` chains, keyed relative to `portdetection`."""
    return [
        *(
            ConfigProblem(name, "missing section of a port scanner")
            for name in PORT_SCANNERS
            if name not in scanners
        ),
        *_security_scan_problems(security_scans, scanners),
        *_unknown_section_problems(security_scans, scanners),
        *_run_after_problems(active_scanner_names(security_scans), scanners),
    ]


def _security_scan_problems(
    security_scans: Sequence[str], scanners: Mapping[str, ScannerSettings]
) -> list[ConfigProblem]:
    problems = []
    for index, name in enumerate(security_scans):
        key = f"security_scans[{index}]"
        if name in PORT_SCANNERS:
            problems.append(ConfigProblem(key, f"{name!r} is a port scanner, not a tools scanner"))
        elif name in security_scans[:index]:
            problems.append(ConfigProblem(key, f"{name!r} is listed twice"))
        elif name not in scanners:
            problems.append(ConfigProblem(key, f"{name!r} has no section portdetection.{name}"))
    return problems


def _unknown_section_problems(
    security_scans: Sequence[str], scanners: Mapping[str, ScannerSettings]
) -> list[ConfigProblem]:
    known = {*PORT_SCANNERS, *BUILT_IN_TOOLS_SCANNERS, *security_scans}
    return [
        ConfigProblem(
            name,
            f"unknown scanner (known: {', '.join(sorted(known))}; "
            "a new tools scanner must be listed in portdetection.security_scans)",
        )
        for name in scanners
        if name not in known
    ]


def _run_after_problems(
    active: Sequence[str], scanners: Mapping[str, ScannerSettings]
) -> list[ConfigProblem]:
    problems = []
    for name, scanner in scanners.items():
        for index, other in enumerate(scanner.run_after):
            if other not in active or other not in scanners:
                message = f"{other!r} is not an active scanner (active: {', '.join(active)})"
                problems.append(ConfigProblem(f"{name}.run_after[{index}]", message))
    return problems or _cycle_problems(scanners)


def _cycle_problems(scanners: Mapping[str, ScannerSettings]) -> list[ConfigProblem]:
    for start in scanners:
        cycle = _cycle_from(start, scanners, [start])
        if cycle:
            return [
                ConfigProblem(f"{start}.run_after", f"scanners would trigger each other forever: {cycle}")
            ]
    return []


def _cycle_from(name: str, scanners: Mapping[str, ScannerSettings], path: list[str]) -> str | None:
    for other in scanners[name].run_after:
        if other == path[0]:
            return " -> ".join([*path, other])
        if other not in path:
            cycle = _cycle_from(other, scanners, [*path, other])
            if cycle:
                return cycle
    return None
