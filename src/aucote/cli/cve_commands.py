"""`aucote cve …`: loading NVD CVE data for the CVE check."""

import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Annotated, Final

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy import Connection

from aucote.cli.options import ConfigOption, DatabaseOption, fail, load_or_exit
from aucote.config.database import mask_url_password
from aucote.cve.feed import FeedError, FeedReader
from aucote.cve.records import CveRecord
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from aucote.storage.queries.cves import count_cves
from aucote.storage.repository.cves import record_import, replace_cves

BATCH: Final = 500
"""CVEs written per statement batch (the whole file is one transaction)."""

FeedArgument = Annotated[
    Path, typer.Argument(help="NVD JSON feed, format 1.1 or 2.0, plain or gzip (.json / .json.gz).")
]


def build() -> typer.Typer:
    """The `cve` command group."""
    group = typer.Typer(help="CVE data for the CVE check (aucote-cve).", no_args_is_help=True)
    group.command("import")(import_command)
    return group


@dataclass(slots=True)
class _Totals:
    cves: int = 0
    rejected: int = 0
    criteria: int = 0
    ignored: Counter[str] = field(default_factory=Counter)
    """Records by metric kind not read (`ssvcV203` …)."""


def import_command(file: FeedArgument, config: ConfigOption = None, db: DatabaseOption = None) -> None:
    """Load the CVEs of an NVD feed FILE into the database; CVEs already stored are replaced."""
    url = load_or_exit(config, db).database_url
    engine = open_engine(url)
    upgrade(engine)
    try:
        with FeedReader(file) as feed, engine.begin() as connection:
            totals = _import(feed, connection)
            record_import(connection, time.time(), file.name, totals.cves)
            stored = count_cves(connection)
    except FeedError as error:
        fail(f"{error} (nothing was imported)", code=2)
    Console().print(
        f"Imported {totals.cves} CVEs with {totals.criteria} vulnerable CPE criteria from {file} "
        f"(NVD {feed.format}; {totals.rejected} rejected CVEs removed{_ignored(totals.ignored)}). "
        f"{mask_url_password(url)} holds {stored.cves} CVEs, {stored.criteria} criteria.",
        highlight=False,
        soft_wrap=True,
    )


def _import(feed: FeedReader, connection: Connection) -> _Totals:
    totals = _Totals()
    with _progress() as progress:
        task = progress.add_task(f"{feed.path.name} (NVD {feed.format})", total=feed.size or None)
        for batch in _batches(feed.records()):
            totals.criteria += replace_cves(connection, batch)
            totals.rejected += sum(record.rejected for record in batch)
            totals.cves += sum(not record.rejected for record in batch)
            totals.ignored.update(kind for record in batch for kind in record.ignored_metrics)
            progress.update(task, completed=feed.position)
    return totals


def _ignored(kinds: Counter[str]) -> str:
    """`; ignored metric kinds: ssvcV203 (12 records)`, or nothing when every kind was read."""
    if not kinds:
        return ""
    named = ", ".join(f"{kind} ({n} record{'s' * (n != 1)})" for kind, n in sorted(kinds.items()))
    return f"; ignored metric kinds: {named}"


def _batches(records: Iterator[CveRecord]) -> Iterator[list[CveRecord]]:
    while batch := list(islice(records, BATCH)):
        yield batch


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    )
