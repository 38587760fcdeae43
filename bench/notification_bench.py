"""Notification latency (issue 15): from a scan's changes committed to the signed webhook received.

In one process, as in `aucote service`: the recorder stores each new scan's changes against the
previous one (one port opened per scan, so one `port_opened` event) and writes the outbox in the
same transaction; the deliverer task, woken by the recorder, sends it to a local webhook receiver
(127.0.0.1, a free port) that verifies the signature and notes the arrival time. Latency = arrival
minus the moment the recorder's transaction returned. SQLite in a temporary folder (or `--db`).
Printed: p50, p99 and max in ms over `--rounds` scans; the goal is p99 < 2 s.

    PYTHONPATH=src:. .venv/bin/python -m bench.notification_bench --rounds 300
"""

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import Engine
from tests.support.webhook_receiver import Received, webhook_receiver

from aucote.config.notifications import ChannelSettings, RetrySettings
from aucote.engine.changes import record_changes
from aucote.engine.recorder import Recorder
from aucote.model.notification import EventKind, NoticeRule
from aucote.model.status import ScanStatus
from aucote.model.target import Service
from aucote.notify.deliverer import Deliverer
from aucote.notify.signing import HEADER, verify
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from aucote.storage.repository import nodes, port_scans, scans
from aucote.storage.repository.records import NewPortScan

SECRET = "bench"


def _scan(engine: Engine, number: int) -> int:
    """A finished tcp scan with ports 1..number open on one host."""
    now = time.time()
    with engine.begin() as connection:
        node = nodes.ensure_nodes(connection, ["192.0.2.10"], now)["192.0.2.10"]
        scan_id = scans.start_scan(connection, "tcp", 6, now)
        rows = [NewPortScan(scan_id, node, port, 6, now, Service("http")) for port in range(1, number + 1)]
        port_scans.add_port_scans(connection, rows)
        scans.end_scan(connection, scan_id, now, ScanStatus.DONE)
    return scan_id


async def _measure(engine: Engine, port: int, received: Received, rounds: int) -> list[float]:
    channel = ChannelSettings.model_validate(
        {"type": "webhook", "url": f"http://127.0.0.1:{port}/", "secret": SECRET}, strict=False
    )
    recorder = Recorder(engine, time.time)
    recorder.notice_rules = (NoticeRule(name="b", events=frozenset(EventKind), channels=("hook",)),)
    deliverer = Deliverer(engine, {"hook": channel}, RetrySettings(), time.time, poll=1.0)
    recorder.on_notices = deliverer.wake
    stopping = asyncio.Event()
    task = asyncio.create_task(deliverer.run(stopping))
    _scan(engine, 1)
    committed: list[float] = []
    for number in range(2, rounds + 2):
        scan_id = _scan(engine, number)
        await record_changes(recorder, "tcp", scan_id)
        committed.append(time.time())
        while len(received.posts) < len(committed):
            await asyncio.sleep(0.001)
    stopping.set()
    await task
    for headers, body, _ in received.posts:
        assert verify(SECRET, headers[HEADER], body, now=time.time())
    return [arrived - sent for (_, _, arrived), sent in zip(received.posts, committed, strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--db", default=None, help="database URL (default: SQLite in a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = open_engine(args.db or f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        upgrade(engine)
        received = Received()
        with webhook_receiver(received) as port:
            latencies = asyncio.run(_measure(engine, port, received, args.rounds))
        engine.dispose()
    ms = sorted(value * 1000 for value in latencies)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    print(f"{'rounds':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}  goal p99 < 2000 ms")
    verdict = "met" if p99 < 2000 else "MISSED"
    print(f"{len(ms):>8} {statistics.median(ms):>8.1f} {p99:>8.1f} {ms[-1]:>8.1f}  {verdict}")


if __name__ == "__main__":
    main()
