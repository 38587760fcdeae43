"""A worker lost in the middle of a job (real PostgreSQL, real nmap, a worker process): killed with
SIGKILL, its nmap dies with it and the job runs again on another worker within the bound; frozen
with SIGSTOP past its lease, the job runs again elsewhere and the frozen worker's late results are
refused when it wakes. Either way the host's port is recorded once, and one `worker_lost`
notification naming the lost worker and its job is in the outbox for the rule that asks for it."""

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from ipaddress import ip_network
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from aucote.engine.options import PortScanOptions, ScanOptions
from aucote.engine.targets import TargetSet
from aucote.model.notification import EventKind, NoticeRule
from aucote.model.protocol import Protocol
from aucote.model.status import ScanStatus
from aucote.queue.recovery import LostNotices, recover_stalled
from aucote.storage.tables import notification_outbox, port_scans, queue_jobs
from tests.queue.conftest import RecordingRunner, listening, opened, queue_executor, workers, workers_settings

pytestmark = [pytest.mark.postgres, pytest.mark.nmap]

HOST = "127.0.0.5"
SRC = Path(__file__).parents[2] / "src"
BOUND = 3.0 + 2 * 1.0 + 3.0
"""stalled_after + two heartbeat periods (detection, recovery tick) + pick-up and start slack."""
RULES = (
    NoticeRule(name="ops", events=frozenset({EventKind.WORKER_LOST}), channels=("pager",)),
    NoticeRule(name="findings", events=frozenset({EventKind.FINDING_NEW}), channels=("siem",)),
)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "aucote.yaml"
    path.write_text("workers:\n  heartbeat: 1s\n  stalled_after: 3s\n  drain_grace: 2s\n", encoding="utf-8")
    return path


@pytest.fixture
def worker_log(tmp_path: Path) -> Path:
    return tmp_path / "worker.log"


def _spawn(url: str, config: Path, log: Path) -> subprocess.Popen[bytes]:
    argv = [sys.executable, "-m", "aucote", "worker", "--zone", "default", "--name", "doomed"]
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    with log.open("wb") as out:
        return subprocess.Popen([*argv, "--db", url, "-c", str(config)], stdout=out, stderr=out, env=env)


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if fields[1] == str(pid):
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts and never says a word: nmap -sV waits on it until its host timeout."""
    with listening([HOST]) as port:
        yield port


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGSTOP], ids=["kill-9", "sigstop"])
def test_a_lost_workers_job_runs_again_elsewhere_and_is_recorded_once(
    queue_url: str,
    queue_engine: Engine,
    config: Path,
    worker_log: Path,
    silent_port: int,
    sig: signal.Signals,
) -> None:
    doomed = _spawn(queue_url, config, worker_log)
    try:
        outcome = asyncio.run(_scenario(queue_url, queue_engine, doomed, silent_port, sig))
    finally:
        if doomed.poll() is None:
            os.kill(doomed.pid, signal.SIGCONT)
            doomed.terminate()
            doomed.wait(30)
    status, scan_id, tools, recovered_after = outcome
    assert status is ScanStatus.DONE
    assert recovered_after <= BOUND
    with queue_engine.connect() as connection:
        rows = connection.execute(select(port_scans.c.port).where(port_scans.c.scan_id == scan_id)).all()
        job = connection.execute(
            select(queue_jobs.c.state, queue_jobs.c.attempt, queue_jobs.c.worker).where(
                queue_jobs.c.scan_id == scan_id
            )
        ).one()
    assert [row.port for row in rows] == [silent_port]
    assert tuple(job) == ("done", 2, "test-default")
    _one_worker_lost_notice(queue_engine, scan_id)
    if sig is signal.SIGKILL:
        assert not any(_alive(pid) for pid in tools), "the killed worker's nmap outlived it"
    else:
        assert "lost its lease" in worker_log.read_text(errors="replace")


def _one_worker_lost_notice(engine: Engine, scan_id: int) -> None:
    with engine.connect() as connection:
        rows = connection.execute(
            select(notification_outbox.c.channel, notification_outbox.c.rule, notification_outbox.c.payload)
            .where(notification_outbox.c.kind == "worker_lost")
            .order_by(notification_outbox.c.id.desc())
        ).all()
    (channel, rule, payload) = rows[0]
    event = json.loads(payload)
    assert (channel, rule) == ("pager", "ops")
    assert (event["event"], event["scanner"], event["scan_id"]) == ("worker_lost", "tcp", scan_id)
    item = event["item"]
    assert {k: v for k, v in item.items() if k != "job"} == {
        "worker": "doomed",
        "zone": "default",
        "kind": "host",
        "attempt": 1,
        "outcome": "queued_again",
    }
    assert [json.loads(row.payload)["scan_id"] for row in rows].count(scan_id) == 1


async def _scenario(url, engine, doomed, port, sig):  # type: ignore[no-untyped-def]
    settings = workers_settings()
    async with opened(url, settings) as app:
        running = _start_scan(app, engine, settings, port)
        tools = await _tool_of(doomed)
        os.kill(doomed.pid, sig)
        lost_at = time.time()
        if sig is signal.SIGKILL:
            doomed.wait(10)
        async with workers(app, engine, settings, {"default": RecordingRunner()}):
            recovering = asyncio.create_task(_recover_every_second(app, engine, settings))
            recovered_after = await _taken_over(engine, lost_at)
            result = await asyncio.wait_for(running, 60)
            if sig is signal.SIGSTOP:
                os.kill(doomed.pid, signal.SIGCONT)
                await asyncio.sleep(3.0)  # its nmap ended long ago: it writes at once, and is refused
            recovering.cancel()
        return result.status, result.scan_ids["tcp"], tools, recovered_after


def _start_scan(app, engine, settings, port):  # type: ignore[no-untyped-def]
    """The queued scan of HOST's `port` (service detection at the highest intensity), running."""
    scan = PortScanOptions("tcp", Protocol.TCP, str(port), host_discovery=False, host_timeout=6.0)
    options = ScanOptions(
        targets=TargetSet((ip_network(f"{HOST}/32"),)),
        port_scans=(scan,),
        run_checks=False,
        version_intensity=9,
    )
    executor = queue_executor(app, engine, settings)
    return asyncio.create_task(executor.scan(options, skip_hosts=frozenset(), resumed_from=None).run())


async def _tool_of(doomed: subprocess.Popen[bytes]) -> list[int]:
    """Wait until the worker process runs nmap (the service detection); its tool pids."""
    for _ in range(300):
        tools = [pid for pid in _children(doomed.pid) if "nmap" in _cmdline(pid) and "-sV" in _cmdline(pid)]
        if tools:
            return tools
        await asyncio.sleep(0.1)
    raise AssertionError("the worker never started nmap -sV")


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


async def _recover_every_second(app, engine, settings):  # type: ignore[no-untyped-def]
    while True:
        await recover_stalled(app, engine, settings, time.time, LostNotices(rules=RULES))
        await asyncio.sleep(1.0)


async def _taken_over(engine: Engine, lost_at: float) -> float:
    """Seconds from the loss until the job's second attempt started (on the test's worker)."""
    query = select(queue_jobs.c.started).where(
        queue_jobs.c.attempt == 2, queue_jobs.c.worker == "test-default", queue_jobs.c.started >= lost_at
    )
    while time.time() - lost_at < 60:
        with engine.connect() as connection:
            started = connection.execute(query).scalars().first()
        if started is not None:
            return float(started) - lost_at
        await asyncio.sleep(0.1)
    raise AssertionError("no second attempt within 60 s")


def test_sigterm_drains_a_worker_and_its_job_is_handed_back(
    queue_url: str, queue_engine: Engine, config: Path, worker_log: Path, silent_port: int
) -> None:
    doomed = _spawn(queue_url, config, worker_log)
    try:
        status, scan_id, tools, returncode = asyncio.run(
            _drained(queue_url, queue_engine, doomed, silent_port)
        )
    finally:
        if doomed.poll() is None:
            doomed.kill()
            doomed.wait(30)
    assert (status, returncode) == (ScanStatus.DONE, 0)
    assert not any(_alive(pid) for pid in tools), "the drained worker's nmap outlived it"
    with queue_engine.connect() as connection:
        count = len(connection.execute(select(port_scans.c.id).where(port_scans.c.scan_id == scan_id)).all())
        job = connection.execute(
            select(queue_jobs.c.state, queue_jobs.c.attempt, queue_jobs.c.worker).where(
                queue_jobs.c.scan_id == scan_id
            )
        ).one()
    assert (count, tuple(job)) == (1, ("done", 2, "test-default"))


async def _drained(url, engine, doomed, port):  # type: ignore[no-untyped-def]
    """SIGTERM while its nmap runs: after drain_grace (2 s) the job is aborted and handed back,
    the worker exits 0, and the test's worker finishes the job (no recovery involved)."""
    settings = workers_settings()
    async with opened(url, settings) as app:
        running = _start_scan(app, engine, settings, port)
        tools = await _tool_of(doomed)
        doomed.terminate()
        returncode = await asyncio.to_thread(doomed.wait, 20)
        async with workers(app, engine, settings, {"default": RecordingRunner()}):
            result = await asyncio.wait_for(running, 60)
        return result.status, result.scan_ids["tcp"], tools, returncode
