"""The `hydra` check (intrusive): hydra tries a short list of default logins and passwords on a
port's service; one finding listing the credentials that worked, passwords masked."""

from collections.abc import Sequence
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Final

from aucote.catalog.matching import service_names
from aucote.checks.contract import CheckContext, ExploitOutcome, Selected, outcome_for_all
from aucote.checks.external.hydra_findings import hydra_findings
from aucote.checks.external.outcomes import done, ended, timed_out
from aucote.checks.external.settings import HydraSettings
from aucote.checks.external.wordlists import shipped_word_lists, write_word_list
from aucote.model.protocol import Protocol
from aucote.model.status import CheckStatus
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
            return outcome_for_all(selected, CheckStatus.FAILED, start, context.clock(), str(error))
        except (Refused, ToolNotFound) as why:
            return outcome_for_all(selected, CheckStatus.SKIPPED, start, context.clock(), str(why))
        return outcomes(selected, result, command)


class Refused(Exception):
    """Why hydra does not run against a port (a skipped security scan, not an error)."""


def attack_module(port: Port, settings: HydraSettings, allow_intrusive: bool) -> str:
    """The hydra module for the port's service; Refused when hydra must not or cannot run."""
    if not allow_intrusive:
        raise Refused("hydra is intrusive and intrusive checks are off (service.scans.intrusive)")
    names = service_names(port.service)
    if not names or port.service is None or not port.service.name:
        raise Refused("no service detected: hydra needs to know which protocol to speak")
    disabled = sorted(names & settings.disable_services)
    if disabled:
        raise Refused(f"service {disabled[0]!r} is in tools.hydra.disable_services")
    name = port.service.name.lower().removeprefix("ssl/")
    module = hydra_module(name, tls="ssl" in names)
    if module is None:
        raise Refused(f"hydra has no module for service {name!r}")
    if (port.protocol is Protocol.UDP) != (module in UDP_MODULES):
        raise Refused(f"hydra's {module} module does not speak {port.protocol.name}")
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
    FAILED when it exited with an error and found nothing."""
    if result.returncode in NOT_STARTED and result.stderr.startswith(b"env:"):
        return ended(selected, result, CheckStatus.SKIPPED, str(ToolNotFound(command)))
    found = parse_found(result.stdout)
    if result.timed_out and not found:
        return timed_out(selected, result, "hydra")
    if not found and result.returncode != 0:
        errors = error_lines(result.stderr + result.stdout)
        problem = errors[-1] if errors else "no result"
        reason = f"hydra exited with status {result.returncode}: {problem}"
        return ended(selected, result, CheckStatus.FAILED, reason)
    return done(selected, result, hydra_findings(found))
