"""rsync daemon modules open without authentication.

The daemon's opening exchange is documented text (rsync's `clientserver.c`, "CONNECTING TO AN
RSYNC DAEMON" in rsync(1)): the server greets with `@RSYNCD: <version>`, the client answers with its
own version line, then an empty line asks for the module list (`name<TAB>comment` lines up to
`@RSYNCD: EXIT`), or a module name asks for that module (`@RSYNCD: OK` = granted without
credentials, `@RSYNCD: AUTHREQD <challenge>` = a password is required, `@ERROR: …` = refused).
The probe speaks only that text part. For a module granted without credentials, the file listing is
taken by the rsync client itself (`rsync --list-only`, top level only, nothing transferred), not by
hand-written code of rsync's binary protocol."""

import asyncio
from typing import Final

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.connection import connect, read_line, send
from aucote.checks.exposed.probe import ProbeFailed, host, require
from aucote.model.protocol import Protocol
from aucote.model.target import Port
from aucote.tools.errors import ToolNotFound

CLIENT_VERSION: Final = b"@RSYNCD: 30.0\n"
MAX_LINES: Final = 200
MAX_MODULES: Final = 3
SHOWN_FILES: Final = 10


async def _greeted(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Read the server's version line and send ours; ValueError when it is not an rsync daemon."""
    greeting = await read_line(reader)
    if not greeting.startswith("@RSYNCD: "):
        raise ValueError(f"not an rsync daemon: {greeting[:80]!r}")
    await send(writer, CLIENT_VERSION)


async def _lines_until(reader: asyncio.StreamReader, ends: tuple[str, ...]) -> list[str]:
    """Lines up to (and with) the first starting with one of `ends`."""
    lines: list[str] = []
    while len(lines) < MAX_LINES:
        lines.append(await read_line(reader))
        if lines[-1].startswith(ends):
            return lines
    raise ValueError(f"an rsync reply of more than {MAX_LINES} lines")


async def module_list(port: Port) -> list[str]:
    """The modules the daemon lists to anyone (`name<TAB>comment`)."""
    async with connect(port) as (reader, writer):
        await _greeted(reader, writer)
        await send(writer, b"\n")
        lines = await _lines_until(reader, ("@RSYNCD: EXIT", "@ERROR"))
    return [line.rstrip() for line in lines[:-1] if line.strip() and not line.startswith("@")]


async def granted(port: Port, module: str) -> bool:
    """Whether the daemon opens `module` without credentials (closes at once when it does)."""
    async with connect(port) as (reader, writer):
        await _greeted(reader, writer)
        await send(writer, module.encode() + b"\n")
        last = (await _lines_until(reader, ("@RSYNCD: OK", "@RSYNCD: AUTHREQD", "@ERROR", "@RSYNCD: EXIT")))[
            -1
        ]
    return last.startswith("@RSYNCD: OK")


def listing_argv(port: Port, module: str, timeout: float) -> list[str]:
    """`rsync --list-only` of a module's top directory; no password prompt, nothing copied."""
    address = f"[{host(port)}]" if ":" in host(port) else host(port)
    seconds = str(max(1, int(timeout)))
    url = f"rsync://{address}:{port.number}/{module}/"
    return ["rsync", "--list-only", "--no-motd", f"--contimeout={seconds}", f"--timeout={seconds}", url]


async def file_listing(port: Port, module: str, context: CheckContext) -> str:
    """The first lines of the module's listing, or why there is none."""
    timeout = min(context.timeout, 10.0)
    try:
        result = await context.runner(listing_argv(port, module, timeout), timeout=timeout + 2)
    except ToolNotFound:
        return "  (no file listing: the rsync client is not installed)"
    if not result.ok:
        raise ProbeFailed(
            f"rsync --list-only {module}: {result.stderr.decode(errors='replace').strip()[:200]}"
        )
    lines = result.stdout.decode(errors="replace").splitlines()
    return "\n".join(f"  {line}" for line in lines[:SHOWN_FILES])


async def rsync_open_modules(port: Port, context: CheckContext) -> str | None:
    """Evidence: the module list and, for each module granted without credentials, its listing."""
    require(port, Protocol.TCP)
    modules = await module_list(port)
    names = [line.split("\t")[0].strip() for line in modules][:MAX_MODULES]
    open_names = [name for name in names if await granted(port, name)]
    if not open_names:
        return None
    parts = ["rsync modules listed without authentication:", *(f"  {line}" for line in modules)]
    for name in open_names:
        parts += [
            f"Module {name!r} readable without authentication:",
            await file_listing(port, name, context),
        ]
    return "\n".join(parts)
