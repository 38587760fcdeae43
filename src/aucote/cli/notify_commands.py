"""`aucote notify …`: try the notification channels, see how their deliveries go."""

import asyncio
import time
from typing import Annotated

import httpx
import typer
from rich.console import Console
from rich.table import Table

from aucote.cli.options import ConfigOption, DatabaseOption, fail, load_or_exit
from aucote.config.notifications import ChannelSettings
from aucote.model.notification import DeliveryOutcome
from aucote.notify.channels import Attempt, send
from aucote.notify.samples import sample_message
from aucote.storage.database import open_engine
from aucote.storage.repository.outbox import channel_health

ChannelOption = Annotated[
    list[str] | None, typer.Option("--channel", help="Only this channel (repeatable).", show_default=False)
]


def build() -> typer.Typer:
    """The `notify` command group."""
    group = typer.Typer(help="Notifications.", no_args_is_help=True)
    group.command("test")(test_command)
    group.command("status")(status_command)
    return group


def test_command(config: ConfigOption = None, channel: ChannelOption = None) -> None:
    """Send a sample notification (one made-up event of each kind) through each channel now."""
    channels = load_or_exit(config, None).settings.notifications.channels
    chosen = {name: settings for name, settings in channels.items() if not channel or name in channel}
    if not chosen:
        fail("no notification channel configured" + (f" named {', '.join(channel)}" if channel else ""))
    results = asyncio.run(_send_all(chosen))
    console = Console(soft_wrap=True, highlight=False)
    for name, attempt in results.items():
        console.print(f"{name}: {attempt.outcome.value}" + (f" ({attempt.error})" if attempt.error else ""))
    if any(attempt.outcome is not DeliveryOutcome.DELIVERED for attempt in results.values()):
        raise typer.Exit(1)


async def _send_all(channels: dict[str, ChannelSettings]) -> dict[str, Attempt]:
    async with httpx.AsyncClient() as client:
        return {
            name: await send(settings, sample_message(name, time.time()), client, time.time())
            for name, settings in channels.items()
        }


def status_command(config: ConfigOption = None, db: DatabaseOption = None) -> None:
    """Each channel's deliveries: waiting, the oldest waiting, attempts, last error and success."""
    engine = open_engine(load_or_exit(config, db).database_url)
    with engine.connect() as connection:
        rows = channel_health(connection)
    engine.dispose()
    table = Table("channel", "pending", "oldest pending", "attempts", "last delivered", "last error")
    for row in rows:
        table.add_row(
            row.channel,
            str(row.pending),
            _when(row.oldest_pending),
            str(row.attempts),
            _when(row.last_delivered),
            row.last_error or "",
        )
    Console().print(table)


def _when(moment: float | None) -> str:
    return "" if moment is None else time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(moment))
