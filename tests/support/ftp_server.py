"""A tiny FTP server that greets like vsftpd and either lets `anonymous` in or refuses everyone.

Enough for nmap: -sV names it (ftp, vsftpd) and ftp-anon logs in, opens a passive data connection
(PASV or EPSV) and lists one file. Run it in a thread (`ftp_server`) or as a process:

    python -m tests.support.ftp_server PORT HOST anonymous|closed
"""

import socket
import socketserver
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from tests.support.threaded_server import serving_in_thread

BANNER = b"220 (vsFTPd 3.0.3)"
LISTING = b"-rw-r--r--    1 0        0             42 Jan 01  2026 README\r\n"


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    anonymous = True


class _Session(socketserver.StreamRequestHandler):
    server: _Server
    timeout = 10
    passive: socket.socket | None = None

    def handle(self) -> None:
        self._reply(BANNER)
        for line in iter(self.rfile.readline, b""):
            verb, _, argument = line.decode(errors="replace").strip().partition(" ")
            if not self._answer(verb.upper(), argument):
                return

    def finish(self) -> None:
        if self.passive:
            self.passive.close()
        super().finish()

    def _reply(self, text: bytes) -> None:
        self.wfile.write(text + b"\r\n")

    def _answer(self, verb: str, argument: str) -> bool:
        simple = {
            "USER": b"331 Please specify the password.",
            "SYST": b"215 UNIX Type: L8",
            "PWD": b'257 "/" is the current directory',
            "TYPE": b"200 Switching to Binary mode.",
            "FEAT": b"211-Features:\r\n EPSV\r\n PASV\r\n211 End",
        }
        if verb in simple:
            self._reply(simple[verb])
        elif verb == "PASS":
            self._reply(b"230 Login successful." if self.server.anonymous else b"530 Login incorrect.")
        elif verb in ("PASV", "EPSV"):
            self._open_passive(verb)
        elif verb in ("LIST", "NLST"):
            self._list()
        elif verb == "QUIT":
            self._reply(b"221 Goodbye.")
            return False
        else:
            self._reply(b"500 Unknown command.")
        return True

    def _open_passive(self, verb: str) -> None:
        host = self.connection.getsockname()[0]
        self.passive = socket.create_server((host, 0))
        self.passive.settimeout(5)
        port = self.passive.getsockname()[1]
        if verb == "EPSV":
            self._reply(f"229 Entering Extended Passive Mode (|||{port}|)".encode())
            return
        address = host.replace(".", ",")
        self._reply(f"227 Entering Passive Mode ({address},{port >> 8},{port & 255}).".encode())

    def _list(self) -> None:
        if not self.server.anonymous or self.passive is None:
            self._reply(b"425 Use PORT or PASV first.")
            return
        self._reply(b"150 Here comes the directory listing.")
        data, _ = self.passive.accept()
        with data:
            data.sendall(LISTING)
        self._reply(b"226 Directory send OK.")


def make_server(host: str = "127.0.0.1", port: int = 0, anonymous: bool = True) -> _Server:
    """A bound (not yet serving) FTP server; port 0 picks a free one."""
    server = _Server((host, port), _Session)
    server.anonymous = anonymous
    return server


@contextmanager
def ftp_server(host: str = "127.0.0.1", port: int = 0, anonymous: bool = True) -> Iterator[_Server]:
    """Serve in a background thread for the block; `.server_address[1]` is the port."""
    server = make_server(host, port, anonymous)
    with serving_in_thread(server):
        yield server


def main(args: list[str]) -> None:
    """Serve on PORT HOST (anonymous|closed) until killed."""
    make_server(args[1], int(args[0]), args[2] == "anonymous").serve_forever()


if __name__ == "__main__":
    main(sys.argv[1:])
