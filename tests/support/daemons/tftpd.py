"""tftpd-hpa (`in.tftpd --foreground --listen --secure`) on UDP ADDRESS:PORT serving `workdir/tftp`.

    with tftpd(tmp_path, "127.77.1.2", 6969, with_files=True): ...

`with_files=True` puts `pxelinux.cfg/default` (a boot menu) in the served directory, as a network
boot server does; `False` serves an empty directory: every read request gets "File not found"."""

import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.daemons.process import running
from tests.support.daemons.programs import program

BOOT_MENU = "DEFAULT linux\nLABEL linux\n  KERNEL vmlinuz\n  APPEND initrd=initrd.img root=/dev/nfs\n"


def wait_for_tftp(address: str, port: int, timeout: float = 10.0) -> None:
    """Block until the server answers a read request (with data or an error)."""
    deadline = time.monotonic() + timeout
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(0.2)
        while time.monotonic() < deadline:
            sock.sendto(b"\x00\x01aucote-ready\x00octet\x00", (address, port))
            try:
                sock.recvfrom(1024)
                return
            except OSError:
                continue
    raise TimeoutError(f"no TFTP answer on {address}:{port} within {timeout} s")


@contextmanager
def tftpd(workdir: Path, address: str, port: int, with_files: bool = True) -> Iterator[None]:
    """in.tftpd in the foreground until the block ends (read-only: no --create)."""
    served = workdir / "tftp"
    served.mkdir(parents=True, exist_ok=True)
    if with_files:
        (served / "pxelinux.cfg").mkdir(exist_ok=True)
        (served / "pxelinux.cfg" / "default").write_text(BOOT_MENU)
    argv = [program("in.tftpd"), "--foreground", "--listen", "--address", f"{address}:{port}"]
    argv += ["--secure", "--user", "root", str(served)]
    with running(argv, lambda: wait_for_tftp(address, port)):
        yield
