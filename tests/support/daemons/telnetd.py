"""inetutils-telnetd started per connection by inetutils-inetd (telnetd has no standalone mode),
with an inetd.conf of its own under `workdir` naming one service: ADDRESS:PORT -> telnetd.

    with telnetd(tmp_path, "127.77.1.2", 2323): ...

telnetd negotiates its options and runs login(1), which prints the `login:` prompt. The safe
configuration of this exposure is no Telnet daemon at all (see `not_telnet`)."""

import socketserver
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.daemons.process import running, tcp_ready
from tests.support.daemons.programs import program
from tests.support.threaded_server import serving_in_thread


@contextmanager
def telnetd(workdir: Path, address: str, port: int) -> Iterator[None]:
    """inetd in the foreground (`-d`) serving telnetd on address:port until the block ends."""
    workdir.mkdir(parents=True, exist_ok=True)
    conf = workdir / "inetd.conf"
    conf.write_text(f"{address}:{port} stream tcp nowait root {program('telnetd')} telnetd\n")
    argv = [program("inetutils-inetd"), "-d", f"--pidfile={workdir / 'inetd.pid'}", str(conf)]
    with running(argv, tcp_ready(address, port)):
        yield


class _Greeter(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        self.request.sendall(b"220 aucote test service ready\r\n")


@contextmanager
def not_telnet(address: str, port: int) -> Iterator[None]:
    """A plain text service (an FTP-like greeting, no Telnet options, no login prompt) on the port
    a Telnet daemon would use: the safe configuration."""
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    with serving_in_thread(socketserver.ThreadingTCPServer((address, port), _Greeter)):
        yield
