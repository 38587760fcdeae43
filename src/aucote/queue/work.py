"""What a worker does with a job: take the lease (nothing when the job is finished: a retry of
done work), run the tools, write the results fenced by the lease."""

import asyncio
from dataclasses import replace
from ipaddress import ip_address, ip_network

from aucote.checks.contract import Selected
from aucote.engine.check_runner import context_for, run_check
from aucote.engine.nmap_steps import NmapSteps, StepFailed
from aucote.model.target import Node, Port
from aucote.queue import writes
from aucote.queue.jobs import CheckJob, HostJob
from aucote.queue.kit import WorkerKit
from aucote.queue.route import check_route
from aucote.storage.repository import queue_jobs
from aucote.storage.repository.queue_jobs import Lease


async def take(kit: WorkerKit, key: str) -> Lease | None:
    """This attempt's lease, or None when the job needs nothing more."""
    return await kit.db(lambda c: queue_jobs.take_lease(c, key, kit.name, kit.clock()))


async def run_host(kit: WorkerKit, job: HostJob, lease: Lease) -> None:
    """Open ports of the host (after a ping when discovery is on) and their services; NoRoute
    (the job fails) when this machine has no route to the host: it is not in this worker's zone."""
    steps = NmapSteps(replace(kit.options, version_intensity=job.version_intensity), kit.runner)
    ip = ip_address(job.ip)
    check_route(ip, kit.name, kit.zone)
    ports: list[Port] = []
    if not job.discover or await steps.live_hosts([ip_network(job.ip)], []):
        found = await steps.open_ports(ip, job.scan)
        node = Node(job.node_id, ip)
        bare = [Port(node, port.number, port.protocol) for port in found]
        ports = list(await asyncio.gather(*(_detected(steps, port, job) for port in bare)))
    await kit.db(lambda c: writes.host_results(c, lease, job, ports, kit.clock()))


async def _detected(steps: NmapSteps, port: Port, job: HostJob) -> Port:
    try:
        service = await steps.service(port, job.scan)
    except StepFailed:
        return port
    return port if service is None else replace(port, service=service)


async def run_checks(kit: WorkerKit, job: CheckJob, lease: Lease) -> None:
    """The batch of checks, their outcomes and findings."""
    exploits = {exploit_id: kit.exploit(exploit_id) for exploit_id in job.rows}
    group = [Selected(exploit, exploit.id in job.forced) for exploit in exploits.values()]
    options = replace(kit.options, allow_intrusive=job.allow_intrusive)
    context = context_for(job.app, options, kit.runner)
    await kit.db(lambda c: writes.checks_running(c, lease, job, kit.clock()))
    outcomes = await run_check(kit.checks[job.app], job.target, group, context)
    results = [(exploits[outcome.exploit_id], outcome) for outcome in outcomes]
    await kit.db(lambda c: writes.check_results(c, lease, job, results, kit.clock()))
