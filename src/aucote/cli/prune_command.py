"""`aucote db prune [--dry-run]`: delete what `retention.*` lets go, in short batches, with a
progress bar per table walked, then the rows deleted (or that would be) per table."""

import time
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn
from rich.table import Table

from aucote.cli.options import ConfigOption, DatabaseOption, fail, load_or_exit
from aucote.engine.pruning import prune
from aucote.model.retention import PrunedTable, PruneStep
from aucote.storage.database import open_engine
from aucote.storage.migrate import current_revision, head_revision

DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Count what would be deleted; delete nothing.")]


def prune_command(
    config: ConfigOption = None, db: DatabaseOption = None, dry_run: DryRunOption = False
) -> None:
    """Delete old runs as `retention.keep_runs` and `retention.max_age` allow, and the job queue's
    jobs finished before `retention.finished_jobs` (see docs/operations.md#retention); safe while
    the service runs."""
    loaded = load_or_exit(config, db)
    retention = loaded.settings.retention
    if not retention.enabled:
        fail(
            "retention is off: set retention.keep_runs, retention.max_age or retention.finished_jobs",
            code=2,
        )
    engine = open_engine(loaded.database_url)
    try:
        if current_revision(engine) != head_revision(engine):
            fail("the database schema is not current: run `aucote db upgrade` first")
        console = Console(stderr=True)
        with _Bars(console) as bars:
            deleted = prune(engine, retention, time.time(), dry_run=dry_run, progress=bars.step)
    finally:
        engine.dispose()
    _summary(deleted, dry_run)


def _summary(deleted: dict[PrunedTable, int], dry_run: bool) -> None:
    table = Table("Table", "Would delete" if dry_run else "Deleted")
    for name in PrunedTable:
        table.add_row(name.value, str(deleted[name]))
    Console(highlight=False).print(table)


class _Bars:
    """One progress bar per table walked (ids or seqs walked of the highest)."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            TextColumn("{task.description:<20}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
        )
        self.tasks: dict[PrunedTable, TaskID] = {}

    def __enter__(self) -> "_Bars":
        self.progress.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.progress.stop()

    def step(self, step: PruneStep) -> None:
        if step.walked not in self.tasks:
            self.tasks[step.walked] = self.progress.add_task(step.walked.value, total=step.total)
        self.progress.update(self.tasks[step.walked], completed=step.done, total=step.total)
