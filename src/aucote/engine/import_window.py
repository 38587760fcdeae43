"""When an imported nmap report's scans began and ended, from the times the file holds."""

from aucote.tools.nmap.report import NmapRun


class ImportRefused(Exception):
    """A report that cannot be stored as it is; the message is one line naming what is wrong."""


def scan_window(run: NmapRun) -> tuple[float, float]:
    """(start, end) of the report's scans. A missing or empty `start` falls back to the runstats
    `finished` time; with neither the report is refused (never a scan in 1970). An end before the
    start (a clock set back, an edited file) is clamped to the start."""
    start = run.started if run.started else run.stats.finished
    if not start:
        raise ImportRefused("the report has neither a <nmaprun start> nor a <finished time>")
    end = run.stats.finished or start
    return start, max(start, end)
