"""The `hydra` check (intrusive): hydra tries a short list of default logins and passwords on a
port's service; one finding listing the credentials that worked, passwords masked."""

from collections.abc import Sequence
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Final

from aucote.catalog.matching import service_names
from aucote.checks.contract import CheckContext, ExploitOutcome, Selected
from aucote.checks.external.hydra_findings import hydra_findings
from aucote.checks.external.outcomes import done, ended, timed_out
from aucote.checks.external.settings import HydraSettings
from aucote.checks.external.wordlists import shipped_word_lists, write_word_list
from aucote.checks.reasons import all_unjudged
from aucote.model.protocol import Protocol
from aucote.model.status import CheckReason
from aucote.model.target import Port
from aucote.tools.errors import ToolNotFound
from aucote.tools.hydra.argv import hydra_argv, in_directory
from aucote.tools.hydra.parse import error_lines, parse_found
from aucote.tools.hydra.services import hydra_module
from aucote.tools.result import ToolResult

APP: Final = "hydra"
UDP_MODULES: Final = frozenset({"snmp"})
"""The only hydra module run on a UDP port (every other one speaks TCP)."""
NOT_STARTED: Final = frozenset({126, 127})
"""`env` exit statuses for a program it could not find or run."""


class HydraCheck:
    """hydra (`tools.hydra.cmd`); runs only when intrusive checks are allowed."""

    app: str = APP

    async def run(
        self, port: Port, selected: Sequence[Selected], context: CheckContext
    ) -> list[ExploitOutcome]:
        if not selected:
            return []
        start = context.clock()
        command = context.command or "hydra"
        try:
            settings = HydraSettings.from_options(context.options)
            module = attack_module(port, settings, context.allow_intrusive)
            result = await _attack(port, module, settings, command, context)
        except ValueError as error:
            return all_unjudged(selected, CheckReason.CHECK_ERROR, str(error), start, context.clock())
        except ToolNotFound as error:
            return all_unjudged(selected, CheckReason.TOOL_MISSING, str(error), start, context.clock())
        except Refused as why:
            return all_unjudged(selected, why.reason, str(why), start, context.clock())
        return outcomes(selected, result, command)


class Refused(Exception):
    """Why hydra does not run against a port (a skipped security scan, not an error)."""

    def __init__(self, reason: CheckReason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


def attack_module(port: Port, settings: HydraSettings, allow_intrusive: bool) -> str:
    """The hydra module for the port's service; Refused when hydra must not or cannot run."""
    if not allow_intrusive:
        detail = "hydra is intrusive and intrusive checks are off (service.scans.intrusive)"
        raise Refused(CheckReason.INTRUSIVE_DISABLED, detail)
    names = service_names(port.service)
    if not names or port.service is None or not port.service.name:
        detail = "no service detected: hydra needs to know which protocol to speak"
        raise Refused(CheckReason.NOT_APPLICABLE, detail)
    disabled = sorted(names & settings.disable_services)
    if disabled:
        raise Refused(CheckReason.DISABLED, f"service {disabled[0]!r} is in tools.hydra.disable_services")
    name = port.service.name.lower().removeprefix("ssl/")
    module = hydra_module(name, tls="ssl" in names)
    if module is None:
        raise Refused(CheckReason.NOT_APPLICABLE, f"hydra has no module for service {name!r}")
    if (port.protocol is Protocol.UDP) != (module in UDP_MODULES):
        detail = f"hydra's {module} module does not speak {port.protocol.name}"
        raise Refused(CheckReason.NOT_APPLICABLE, detail)
    return module


async def _attack(
    port: Port, module: str, settings: HydraSettings, command: str, context: CheckContext
) -> ToolResult:
    """One hydra run from a private directory (its word lists, its restore file), removed after."""
    with TemporaryDirectory(prefix="aucote-hydra-") as name:
        directory = Path(name)
        logins, passwords = _word_lists(settings, directory)
        argv = hydra_argv(
            port.node.ip,
            port.number,
            module,
            logins=logins,
            passwords=passwords,
            tasks=settings.tasks,
            hydra=command,
        )
        return await context.runner(in_directory(argv, directory), timeout=context.timeout)


def _word_lists(settings: HydraSettings, directory: Path) -> tuple[Path, Path]:
    """The configured files, or the shipped lists written to `directory`."""
    if settings.logins and settings.passwords:
        return settings.logins, settings.passwords
    shipped = shipped_word_lists()
    logins = settings.logins or write_word_list(shipped.logins, directory / "logins.txt")
    passwords = settings.passwords or write_word_list(shipped.passwords, directory / "passwords.txt")
    return logins, passwords


def outcomes(selected: Sequence[Selected], result: ToolResult, command: str) -> list[ExploitOutcome]:
    """DONE with the credentials found (even if hydra then failed); SKIPPED when hydra is missing;
    FAILED when it exited with an error and found nothing (unreachable when its error is about
    connecting, else tool_error)."""
    if result.returncode in NOT_STARTED and result.stderr.startswith(b"env:"):
        return ended(selected, result, CheckReason.TOOL_MISSING, str(ToolNotFound(command)))
    found = parse_found(result.stdout)
    if result.timed_out and not found:
        return timed_out(selected, result, "hydra")
    if not found and result.returncode != 0:
        errors = error_lines(result.stderr + result.stdout)
        problem = errors[-1] if errors else "no result"
        detail = f"hydra exited with status {result.returncode}: {problem}"
        reason = CheckReason.UNREACHABLE if "connect" in problem else CheckReason.TOOL_ERROR
        return ended(selected, result, reason, detail)
    return done(selected, result, hydra_findings(found))
