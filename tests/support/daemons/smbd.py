"""Samba's smbd on ADDRESS:PORT (445 for nmap's SMB scripts, which look only at 445 and 139), with
its own smb.conf and private/lock/state/cache directories under `workdir`; no nmbd, no winbind.

    with smbd(tmp_path, "127.77.1.2", 445, vulnerable=True): ...

`vulnerable=True`: SMBv1 allowed (`server min protocol = NT1`), signing not required
(`server signing = auto`), and a guest share listable by anyone (`map to guest = bad user`).
`False`: `server min protocol = SMB2_10`, `server signing = mandatory`, no guest access at all."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from tests.support.daemons.process import running, tcp_ready
from tests.support.daemons.programs import program

VULNERABLE: Final = """\
   server min protocol = NT1
   server signing = auto
   map to guest = bad user
"""
SAFE: Final = """\
   server min protocol = SMB2_10
   server signing = mandatory
   map to guest = never
   restrict anonymous = 2
"""
SHARE: Final = """
[public]
   path = {path}
   read only = yes
   guest ok = {guest}
"""


def config(workdir: Path, address: str, port: int, vulnerable: bool) -> str:
    """smb.conf text: a standalone server bound to `address` only, state kept in `workdir`."""
    dirs = {name: workdir / name for name in ("private", "lock", "state", "cache", "pid", "ncalrpc")}
    for directory in dirs.values():
        directory.mkdir(parents=True, exist_ok=True)
    (workdir / "share").mkdir(exist_ok=True)
    (workdir / "share" / "readme.txt").write_text("aucote test share\n")
    paths = "".join(f"   {name} directory = {path}\n" for name, path in dirs.items() if name != "ncalrpc")
    return (
        "[global]\n   workgroup = AUCOTE\n   server role = standalone server\n"
        f"   interfaces = {address}\n   bind interfaces only = yes\n   smb ports = {port}\n"
        f"{paths}   ncalrpc dir = {dirs['ncalrpc']}\n   log file = {workdir / 'log.smbd'}\n"
        "   disable netbios = yes\n   load printers = no\n   printing = bsd\n   printcap name = /dev/null\n"
        f"{VULNERABLE if vulnerable else SAFE}"
        + SHARE.format(path=workdir / "share", guest="yes" if vulnerable else "no")
    )


@contextmanager
def smbd(
    workdir: Path, address: str, port: int = 445, vulnerable: bool = True, run_in: Sequence[str] = ()
) -> Iterator[None]:
    """smbd in the foreground with the configuration above until the block ends. smbd binds only to
    an address of an interface: run it in a lab namespace (`run_in=host.argv([])`, netns_lab)."""
    conf = workdir / "smb.conf"
    workdir.mkdir(parents=True, exist_ok=True)
    conf.write_text(config(workdir, address, port, vulnerable))
    argv = [
        *run_in,
        program("smbd"),
        "--foreground",
        "--no-process-group",
        f"--configfile={conf}",
        "--debug-stdout",
    ]
    with running(argv, tcp_ready(address, port, timeout=20.0)):
        yield
