"""Tools that die with the process that started them, even when it is killed with SIGKILL (a
worker's machine gone, `kill -9`): each tool is started through util-linux's `setpriv
--pdeathsig KILL`, which sets PR_SET_PDEATHSIG and then executes the tool in its place (a
preexec function in Python would cost a full fork per tool: see tools/runner.py)."""

import dataclasses
import shutil
from collections.abc import Mapping, Sequence

from aucote.tools.errors import ToolNotFound
from aucote.tools.result import ToolResult
from aucote.tools.runner import Runner

SETPRIV = ("setpriv", "--pdeathsig", "KILL", "--")


@dataclasses.dataclass(frozen=True, slots=True)
class DyingWithParent:
    """A runner whose tools get SIGKILL when this process dies."""

    runner: Runner

    async def __call__(
        self,
        argv: Sequence[str],
        *,
        timeout: float,
        stdin: bytes | None = None,
        env: Mapping[str, str] | None = None,
    ) -> ToolResult:
        command = list(argv)
        if not command or shutil.which(command[0]) is None:
            raise ToolNotFound(command[0] if command else "")
        result = await self.runner([*SETPRIV, *command], timeout=timeout, stdin=stdin, env=env)
        return dataclasses.replace(result, argv=tuple(command))


def dying_with_parent(runner: Runner) -> Runner:
    """`runner`, its tools tied to this process's life (when setpriv is installed)."""
    return DyingWithParent(runner) if shutil.which(SETPRIV[0]) else runner
