"""TigerVNC's Xvnc (Debian tigervnc-standalone-server) on address:port: `open` offers the security
type None, `protected` only VNC Authentication with a password file (made by `x11vnc
-storepasswd`, Debian x11vnc, since tigervnc-tools is not needed otherwise)."""

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from tests.support.daemons.x_display import free_display
from tests.support.ports import free_port, serving


def password_file(workdir: Path, password: str = "s3cret-vnc") -> Path:
    """A VNC password file (the obfuscated 8-byte form Xvnc's -PasswordFile reads)."""
    path = workdir / "vnc.passwd"
    subprocess.run(
        ["x11vnc", "-storepasswd", password, str(path)], check=True, capture_output=True, timeout=10
    )
    return path


@contextmanager
def xvnc(
    workdir: Path,
    address: str,
    port: int = 0,
    mode: Literal["open", "protected"] = "open",
    extra: tuple[str, ...] = (),
) -> Iterator[int]:
    """Xvnc serving RFB on address:port (0: a free port) until the block ends; yields the port.
    `extra`: more Xvnc options (e.g. `-BlacklistThreshold 1`)."""
    port = port or free_port(address)
    argv = ["Xvnc", f":{free_display()}", "-rfbport", str(port), "-interface", address, "-nolisten", "tcp"]
    if mode == "open":
        argv += ["-SecurityTypes", "None"]
    else:
        argv += ["-SecurityTypes", "VncAuth", "-PasswordFile", str(password_file(workdir))]
    with serving([*argv, *extra], port, address):
        yield port
