"""One lab host of the exposure benchmark, run INSIDE its network namespace: starts the named daemons
(bench/exposures_daemons.py) in their vulnerable or safe configuration, says on stdout which came up,
and stops them all when stdin closes (or on SIGTERM).

    ip netns exec aucote-xb-h2 python -m bench.exposures_host vulnerable 198.18.x.2 mariadb slapd ...

Protocol (one line each): `ready NAME`, `failed NAME: WHY`, then `up` once every daemon was tried."""

import signal
import subprocess
import sys
import tempfile
from contextlib import AbstractContextManager, ExitStack
from pathlib import Path
from types import FrameType

from bench.exposures_daemons import BY_NAME, Daemon, helper
from tests.support.daemons.workdirs import as_user, daemon_workdir


def workdir(stack: ExitStack, daemon: Daemon) -> Path:
    """A fresh folder for the daemon (owned by its user when it has one), removed at the end."""
    if daemon.user is not None:
        return stack.enter_context(daemon_workdir(daemon.user))
    return Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=f"aucote-xb-{daemon.module}-")))


def start(stack: ExitStack, daemon: Daemon, address: str, vulnerable: bool) -> None:
    """The daemon running until the stack closes; raises what its helper raises."""
    function = helper(daemon)
    if function is None:
        raise RuntimeError("helper not built yet")
    folder = workdir(stack, daemon)
    running: AbstractContextManager[object] = daemon.start(
        function, folder, address, daemon.port_for(vulnerable), vulnerable
    )
    stack.enter_context(running)
    if daemon.name == "postgresql":
        open_to_lab(folder, "trust" if vulnerable else "scram-sha-256")


def open_to_lab(folder: Path, method: str) -> None:
    """initdb's host lines cover loopback only and the scanner is the lab's gateway: the same
    method (trust or scram-sha-256) for every IPv4 address, then reload."""
    from tests.support.daemons.postgresql import bin_dir

    data = folder / "data"
    with (data / "pg_hba.conf").open("a") as hba:
        hba.write(f"host all all 0.0.0.0/0 {method}\n")
    reload = [str(bin_dir() / "pg_ctl"), "-D", str(data), "reload"]
    subprocess.run(as_user(folder.owner(), reload), check=True, capture_output=True, timeout=30)


def _stop(_signal: int, _frame: FrameType | None) -> None:
    raise SystemExit(0)


def main(argv: list[str]) -> None:
    """Start every daemon named, report, wait for stdin to close, stop them all."""
    config, address, names = argv[0], argv[1], argv[2:]
    signal.signal(signal.SIGTERM, _stop)
    with ExitStack() as stack:
        for name in names:
            try:
                start(stack, BY_NAME[name], address, config == "vulnerable")
                print(f"ready {name}", flush=True)
            except Exception as error:  # any helper failure is reported; the others still run
                print(f"failed {name}: {type(error).__name__}: {error}".replace("\n", " "), flush=True)
        print("up", flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main(sys.argv[1:])
