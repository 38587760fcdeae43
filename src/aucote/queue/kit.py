"""What a worker runs jobs with: its database, its own tool settings, catalogue, checks and
runner; storage work runs in a thread, retried while the database is away (a restart)."""

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from aucote.catalog.catalog import Catalog
from aucote.checks.contract import Check
from aucote.engine.options import ScanOptions
from aucote.model.exploit import Exploit
from aucote.tools.runner import Runner

T = TypeVar("T")
log = logging.getLogger("aucote.queue")

RECONNECT_SECONDS = 120.0
"""How long storage work is retried while the database does not answer."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkerKit:
    """A worker's means; `options` are its own (tool paths, timeouts, privileges)."""

    engine: Engine
    options: ScanOptions
    catalog: Catalog
    checks: Mapping[str, Check]
    runner: Runner
    name: str
    zone: str
    clock: Callable[[], float]
    max_attempts: int

    def exploit(self, exploit_id: int) -> Exploit:
        return next(e for e in self.catalog.exploits if e.id == exploit_id)

    async def db(self, work: Callable[[Connection], T]) -> T:
        """`work` in one transaction, off the event loop."""
        return await in_transaction(self.engine, work)


async def in_transaction(engine: Engine, work: Callable[[Connection], T]) -> T:
    """Run `work` in a transaction in a thread; a lost connection is retried until
    RECONNECT_SECONDS pass (the transaction was rolled back, so it is safe to run again)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + RECONNECT_SECONDS
    while True:
        try:
            return await asyncio.to_thread(_run, engine, work)
        except DBAPIError as error:
            if (not error.connection_invalidated and not _is_operational(error)) or loop.time() > deadline:
                raise
            log.warning("database unavailable, retrying: %s", error.orig)
            await asyncio.sleep(1.0)


def _is_operational(error: DBAPIError) -> bool:
    return type(error).__name__ == "OperationalError"


def _run(engine: Engine, work: Callable[[Connection], T]) -> T:
    with engine.begin() as connection:
        return work(connection)
