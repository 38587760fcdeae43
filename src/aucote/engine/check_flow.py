"""The checks of one scan run: a port's checks (planned, recorded, run app by app through the
executor) and a node's node-level checks, each recorded on the port its rule needs."""

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from aucote.catalog.catalog import Catalog
from aucote.checks.contract import Check, Selected
from aucote.engine.check_runner import context_for, run_check
from aucote.engine.executor import TaskInfo
from aucote.engine.options import ScanOptions
from aucote.engine.planning import PortPlan, plan_node, plan_port
from aucote.engine.progress import ChecksDone, ChecksPlanned, Observer
from aucote.engine.recorder import Recorder
from aucote.engine.result import ScanResult
from aucote.model.exploit import Exploit
from aucote.model.status import CheckReason, CheckStatus
from aucote.model.target import Port
from aucote.tools.runner import Runner

T = TypeVar("T")
ToolStep = Callable[[TaskInfo, Awaitable[Any]], Awaitable[Any]]


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckFlow:
    """What the checks of a run share: options, storage, catalogue, checks, and the run's `tool`
    step (the executor, announced to the observer)."""

    options: ScanOptions
    recorder: Recorder
    catalog: Catalog
    checks: Mapping[str, Check]
    runner: Runner
    observer: Observer
    result: ScanResult
    tool: ToolStep

    async def port(self, port: Port) -> None:
        """Every port-level check of the port."""
        await self._run_plan(port, plan_port(self.catalog, port, self.options))

    async def node(self, ports: Sequence[Port]) -> None:
        """The node-level checks of the node whose open ports are `ports` (only with scan_nodes)."""
        plans = plan_node(self.catalog, ports, self.options)
        await asyncio.gather(*(self._run_plan(port, plan) for port, plan in plans.items()))

    async def _run_plan(self, port: Port, plan: PortPlan) -> None:
        exploits = plan.exploits
        if not exploits:
            return
        skipped = {**self._without_check(plan), **plan.skipped}
        ids = await self.recorder.plan(self._scan_id, port, exploits, skipped)
        self.observer(ChecksPlanned(port, len(exploits)))
        for _ in skipped:
            self.result.count(CheckStatus.SKIPPED)
        self.observer(ChecksDone(port, len(skipped), 0))
        runs = [self._run_app(app, port, group, ids) for app, group in plan.run.items() if app in self.checks]
        await asyncio.gather(*runs)

    def _without_check(self, plan: PortPlan) -> dict[int, tuple[CheckReason, str]]:
        """The planned exploits whose app no check implements, recorded SKIPPED `no_check`."""
        return {
            item.exploit.id: (CheckReason.NO_CHECK, f"no check implements app {app!r}")
            for app, group in plan.run.items()
            if app not in self.checks
            for item in group
        }

    @property
    def _scan_id(self) -> int:
        return self.result.scan_ids[self.options.tools_scanner]

    async def _run_app(self, app: str, port: Port, group: list[Selected], ids: dict[int, int]) -> None:
        names = " ".join(item.exploit.name for item in group)
        info = TaskInfo(app, names, str(port), self.options.tools_scanner, self._scan_id)
        context = context_for(app, self.options, self.runner)
        work = self._started(ids, group, run_check(self.checks[app], port, group, context))
        outcomes = await self.tool(info, work)
        exploits: dict[int, Exploit] = {item.exploit.id: item.exploit for item in group}
        results = [(exploits[outcome.exploit_id], outcome) for outcome in outcomes]
        await self.recorder.outcomes(self._scan_id, port, ids, results)
        for exploit, outcome in results:
            self.result.count(outcome.status)
            self.result.report(port, exploit, outcome.findings)
        self.observer(ChecksDone(port, len(outcomes), sum(len(o.findings) for o in outcomes)))

    async def _started(self, ids: dict[int, int], group: list[Selected], work: Awaitable[T]) -> T:
        """Mark the group's security scans RUNNING once a slot is free, then run the check."""
        await self.recorder.running([ids[item.exploit.id] for item in group])
        return await work
