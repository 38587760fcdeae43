"""A NATS server of its own: open to any client, or requiring user `aucote` and its password."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.daemons.programs import program
from tests.support.ports import serving

USER, PASSWORD = "aucote", "aucote-test-secret"


@contextmanager
def nats_server(workdir: Path, address: str, port: int, *, authorization: bool) -> Iterator[None]:
    """nats-server on address:port (no monitoring port) until the block ends."""
    argv = [program("nats-server"), "-a", address, "-p", str(port), "-P", str(workdir / "nats.pid")]
    argv += ["--user", USER, "--pass", PASSWORD] if authorization else []
    with serving(argv, port, host=address):
        yield
