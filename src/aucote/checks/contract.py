"""The check contract. A check runs every exploit of its app selected for one port and reports one
`ExploitOutcome` per exploit. Errors are data: a check never raises for a failing tool, it returns
FAILED / TIMEOUT / SKIPPED outcomes with the reason."""

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from aucote.model.exploit import Exploit
from aucote.model.finding import Finding
from aucote.model.status import CheckReason, CheckStatus
from aucote.model.target import Port
from aucote.tools.runner import Runner, run_tool


@dataclass(frozen=True, slots=True, kw_only=True)
class ExploitOutcome:
    """What happened when one exploit ran against one port: every status but DONE carries a
    `reason` from the closed vocabulary; `detail` is free text (the tool's words)."""

    exploit_id: int
    status: CheckStatus
    start: float
    end: float
    findings: tuple[Finding, ...] = ()
    reason: CheckReason | None = None
    detail: str | None = None

    def __post_init__(self) -> None:
        if self.status is not CheckStatus.DONE and self.reason is None:
            raise ValueError(f"a {self.status} outcome needs a reason")


@dataclass(frozen=True, slots=True)
class CheckContext:
    """What a check may use: how to start tools, its tool's settings, and the safety gates."""

    runner: Runner = run_tool
    command: str | None = None
    timeout: float = 600.0
    options: Mapping[str, object] = field(default_factory=dict)
    allow_intrusive: bool = False
    clock: Callable[[], float] = time.time


@dataclass(frozen=True, slots=True)
class Selected:
    """An exploit chosen for a port; `forced` when matched by detected service on a port number its
    tool would not try by itself (nmap's portrules)."""

    exploit: Exploit
    forced: bool = False


class Check(Protocol):
    """One implementation per catalogue app (`nmap`, `aucote-tls`, …)."""

    app: str

    async def run(
        self, port: Port, selected: Sequence[Selected], context: CheckContext
    ) -> list[ExploitOutcome]:
        """Run every selected exploit against the port; one outcome per exploit, never raise."""
        ...
