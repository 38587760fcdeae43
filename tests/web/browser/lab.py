"""The network the browser tests look at: a loopback address of its own with a web server
vulnerable to the byterange DoS, an anonymous FTP server and a TCP service whose greeting is a
`<script>`, scanned twice by the real `aucote scan` (nmap) into one database: between the scans the
FTP server stops and a second greeting service starts, so the second scan records changes (a port
closed, a port opened, a new output)."""

import socket
from collections.abc import Iterator
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.engine.scanning import BYTERANGE, FTP_ANON, NEVER_SCANNED, loopback_ip
from tests.support.aucote_command import aucote_scan
from tests.support.banner_server import make_server as banner_server
from tests.support.ftp_server import make_server as ftp_server
from tests.support.range_server import make_server as range_server
from tests.support.threaded_server import serving_in_thread

PORTS = range(18600, 18700)
"""This suite's share of ports (on the lab's own loopback address and on 127.0.0.1)."""
BANNER = 1002
SCRIPT = "<script>document.title='pwned'</script>"
"""What the hostile service greets with."""
CONFIG = """\
portdetection:
  tcp:
    ports: {{include: [{ports}], exclude: ['{never}']}}
    version_intensity: 1
  tools_basic:
    scripts: [{scripts}]
"""


@dataclass(frozen=True, slots=True)
class Lab:
    """The scanned address, its services' ports and the database the scans filled."""

    ip: str
    web: int
    ftp: int
    greeting: int
    late_greeting: int
    database: str


def free_ports(host: str, count: int) -> list[int]:
    """`count` ports of PORTS free on `host`."""
    found: list[int] = []
    for port in PORTS:
        with closing(socket.socket()) as probe:
            try:
                probe.bind((host, port))
            except OSError:
                continue
        found.append(port)
        if len(found) == count:
            return found
    raise RuntimeError(f"not {count} free ports in {PORTS} on {host}")


@contextmanager
def scanned_lab(folder: Path) -> Iterator[Lab]:
    """The lab scanned twice; its servers stop when the block ends."""
    ip = loopback_ip()
    web, ftp, greeting, late = free_ports(ip, 4)
    lab = Lab(ip, web, ftp, greeting, late, f"sqlite:///{folder / 'aucote.sqlite3'}")
    config = folder / "aucote.yaml"
    scripts = ", ".join(map(str, (BYTERANGE, FTP_ANON, BANNER)))
    config.write_text(CONFIG.format(ports=f"'{web}-{late}'", never=NEVER_SCANNED, scripts=scripts))
    with ExitStack() as servers:
        servers.enter_context(serving_in_thread(range_server(ip, web)))
        servers.enter_context(serving_in_thread(banner_server(ip, greeting, SCRIPT)))
        with serving_in_thread(ftp_server(ip, ftp)):
            _scan(lab, config)
        servers.enter_context(serving_in_thread(banner_server(ip, late, "220 late service ready")))
        _scan(lab, config)
        yield lab


def _scan(lab: Lab, config: Path) -> None:
    done = aucote_scan(lab.ip, "--config", str(config), "--db", lab.database)
    if done.returncode != 0:
        raise RuntimeError(f"aucote scan failed ({done.returncode}): {done.stderr}")


def rescan(lab: Lab, folder: Path, ports: list[int]) -> None:
    """Scan `ports` of the lab again (its servers still serving) with its checks, into its
    database: a third scan, for what must survive one (a triage)."""
    config = folder / "rescan.yaml"
    scripts = ", ".join(map(str, (BYTERANGE, FTP_ANON, BANNER)))
    listed = ", ".join(f"'{port}'" for port in ports)
    config.write_text(CONFIG.format(ports=listed, never=NEVER_SCANNED, scripts=scripts))
    _scan(lab, config)
