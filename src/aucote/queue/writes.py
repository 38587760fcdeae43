"""The fenced writes of a job attempt: each is one transaction that first checks the attempt
still holds the job's lease (storage.repository.queue_jobs.fence), so a worker that lost its
lease (frozen, partitioned) writes nothing after its successor started."""

from collections.abc import Sequence

from sqlalchemy import Connection

from aucote.checks.contract import ExploitOutcome
from aucote.engine.recorder import store_outcomes
from aucote.model.exploit import Exploit
from aucote.model.jobs import JobState
from aucote.model.status import CheckReason, CheckStatus
from aucote.model.target import Port
from aucote.queue.jobs import CheckJob, HostJob
from aucote.storage.repository import port_scans, queue_jobs, security_scans
from aucote.storage.repository.queue_jobs import Lease
from aucote.storage.repository.records import NewPortScan


def host_results(
    connection: Connection, lease: Lease, job: HostJob, ports: Sequence[Port], now: float
) -> None:
    """The host's open ports with their services, and the job done."""
    queue_jobs.fence(connection, lease)
    rows = [
        NewPortScan(job.scan_id, job.node_id, port.number, int(port.protocol), now, port.service)
        for port in ports
    ]
    port_scans.add_port_scans(connection, rows)
    queue_jobs.finish(connection, lease, now)


def checks_running(connection: Connection, lease: Lease, job: CheckJob, now: float) -> None:
    """The job's security scans RUNNING from now."""
    queue_jobs.fence(connection, lease)
    security_scans.set_outcome(connection, list(job.rows.values()), CheckStatus.RUNNING, start=now)


def check_results(
    connection: Connection,
    lease: Lease,
    job: CheckJob,
    results: Sequence[tuple[Exploit, ExploitOutcome]],
    now: float,
) -> None:
    """Outcomes and findings of the job's security scans, and the job done."""
    queue_jobs.fence(connection, lease)
    store_outcomes(connection, job.scan_id, job.target, job.rows, results)
    queue_jobs.finish(connection, lease, now)


def failed_for_good(
    connection: Connection, lease: Lease, reason: CheckReason, detail: str, now: float
) -> None:
    """The job's last attempt failed: the job FAILED (its security scans follow, see coordinator)."""
    queue_jobs.finish(connection, lease, now, JobState.FAILED, reason, detail)
