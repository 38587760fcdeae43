"""The hydra command line for one port and service.

Logins and passwords come from files (never on the command line, where `ps` shows them); `-e ns`
also tries an empty password and the login as password; `-I` never waits for an old restore
file. hydra writes `./hydra.restore` when it is stopped, so `in_directory` runs it from a
directory of the caller's choosing (`env -C`).
"""

from ipaddress import IPv4Address, IPv6Address
from pathlib import Path

from aucote.tools.hydra.services import HYDRA_MODULES, PASSWORD_ONLY


def hydra_argv(
    ip: IPv4Address | IPv6Address,
    port: int,
    module: str,
    *,
    logins: Path,
    passwords: Path,
    tasks: int = 4,
    hydra: str = "hydra",
) -> list[str]:
    """`hydra -t <tasks> -I -e ns [-L logins] -P passwords -s <port> [-6] <ip> <module>`
    (no -L for modules without login names); ValueError for an unknown module or tasks < 1."""
    if module not in HYDRA_MODULES:
        raise ValueError(f"hydra has no module {module!r}")
    if tasks < 1:
        raise ValueError(f"hydra tasks must be at least 1, not {tasks!r}")
    argv = [hydra, "-t", str(tasks), "-I", "-e", "ns"]
    argv += [] if module in PASSWORD_ONLY else ["-L", str(logins)]
    argv += ["-P", str(passwords), "-s", str(port)]
    argv += ["-6"] if ip.version == 6 else []
    return [*argv, str(ip), module]


def in_directory(argv: list[str], directory: Path) -> list[str]:
    """`argv` run from `directory` (coreutils `env -C`); a missing program then exits 127."""
    return ["env", "-C", str(directory), *argv]
