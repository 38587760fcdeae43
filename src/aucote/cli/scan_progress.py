"""The live progress bar of `aucote scan`: hosts, open ports and checks done/total with ETA."""

from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Column

from aucote.engine.progress import ChecksDone, ChecksPlanned, Event, HostDone, HostsFound, ToolStarted

OTHER_COLUMNS = 40


class ScanProgress:
    """An engine observer drawing a Rich progress display on stderr."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            TextColumn("{task.description:<8}"),
            BarColumn(bar_width=10),
            MofNCompleteColumn(),
            TextColumn("{task.fields[note]}", table_column=_note_column(console.width)),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self._hosts = self._progress.add_task("hosts", total=None, note="discovering")
        self._checks = self._progress.add_task("checks", total=0, note="")
        self._ports = 0

    def __enter__(self) -> "ScanProgress":
        self._progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._progress.stop()

    def __call__(self, event: Event) -> None:
        if isinstance(event, HostsFound):
            total = (self._progress.tasks[self._hosts].total or 0) + event.count
            self._progress.update(self._hosts, total=total, note="")
        elif isinstance(event, HostDone):
            self._ports += event.open_ports
            self._progress.update(self._hosts, advance=1, note=f"{self._ports} open ports")
        elif isinstance(event, ChecksPlanned):
            total = (self._progress.tasks[self._checks].total or 0) + event.count
            self._progress.update(self._checks, total=total)
        elif isinstance(event, ChecksDone):
            self._progress.update(self._checks, advance=event.count)
        elif isinstance(event, ToolStarted):
            self._progress.update(self._checks, note=note(event.label))


def _note_column(width: int) -> Column:
    """The note takes what the other columns (about 40 characters) leave, cut with …."""
    return Column(no_wrap=True, overflow="ellipsis", max_width=max(width - OTHER_COLUMNS, 10))


def note(label: str) -> str:
    """A tool's label with its target first ("198.18.200.1:80/TCP nmap http-title"), so that a
    narrow terminal cuts the script names, not the address; the scan's name is left out."""
    what, on, rest = label.partition(" on ")
    return f"{rest.split(' [')[0]} {what}" if on else label
