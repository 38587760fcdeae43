"""The recorder: transactions in order, in one thread of its own, off the event loop."""

import asyncio
import threading
import time

from sqlalchemy import Connection, Engine, select

from aucote.engine.recorder import Recorder
from aucote.model.status import ScanStatus
from aucote.storage.tables import scans


def test_every_transaction_runs_in_the_same_thread_off_the_event_loop(scan_db: Engine) -> None:
    recorder = Recorder(scan_db, time.time)

    def whose(_connection: Connection) -> tuple[int, str]:
        return threading.get_ident(), threading.current_thread().name

    async def main() -> tuple[int, set[tuple[int, str]]]:
        many = await asyncio.gather(*(recorder.run(whose) for _ in range(20)))
        return threading.get_ident(), set(many)

    loop_thread, workers = asyncio.run(main())
    [(worker, name)] = workers
    assert worker != loop_thread
    assert name.startswith("aucote-recorder")  # its own, not the loop's shared pool


def test_writes_are_kept_in_the_order_they_were_asked_for(scan_db: Engine) -> None:
    recorder = Recorder(scan_db, time.time)

    async def main() -> list[int]:
        ids = await asyncio.gather(*(recorder.start_scan(f"s{n}", 6) for n in range(10)))
        await asyncio.gather(*(recorder.end_scan(scan_id, ScanStatus.DONE) for scan_id in ids))
        return list(ids)

    ids = asyncio.run(main())
    assert ids == sorted(ids)
    with scan_db.connect() as connection:
        stored = connection.execute(select(scans.c.id, scans.c.scanner, scans.c.status).order_by(scans.c.id))
        assert [tuple(row) for row in stored] == [(i, f"s{n}", "DONE") for n, i in enumerate(ids)]
