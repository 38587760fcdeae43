"""The rsync daemon (`rsync --daemon --no-detach`) on ADDRESS:PORT with its own rsyncd.conf under
`workdir`, serving one read-only module `backup` (a directory with two files).

    with rsyncd(tmp_path, "127.77.1.2", 8730, open_modules=True): ...

`open_modules=True`: the module is listed and readable by anyone. `False`: the module asks for a
user and password (`auth users`, `secrets file`) and is not listed (`list = no`)."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from tests.support.daemons.process import running, tcp_ready
from tests.support.daemons.programs import program

PROTECTED: Final = """\
   auth users = backup
   secrets file = {secrets}
   list = no
"""


def config(workdir: Path, address: str, port: int, open_modules: bool) -> str:
    """rsyncd.conf text, with the module's files and the secrets file written beside it."""
    module = workdir / "backup"
    module.mkdir(parents=True, exist_ok=True)
    (module / "passwd.bak").write_text("root:x:0:0:root:/root:/bin/sh\n")
    (module / "notes.txt").write_text("aucote rsync test module\n")
    secrets = workdir / "rsyncd.secrets"
    secrets.write_text("backup:aucote-test-secret\n")
    secrets.chmod(0o600)
    text = f"address = {address}\nport = {port}\nuse chroot = no\npid file = {workdir / 'rsyncd.pid'}\n"
    text += f"log file = {workdir / 'rsyncd.log'}\n\n[backup]\n   path = {module}\n   read only = yes\n"
    text += "   comment = nightly backups\n"
    return text + ("" if open_modules else PROTECTED.format(secrets=secrets))


@contextmanager
def rsyncd(workdir: Path, address: str, port: int, open_modules: bool = True) -> Iterator[None]:
    """The rsync daemon until the block ends."""
    conf = workdir / "rsyncd.conf"
    workdir.mkdir(parents=True, exist_ok=True)
    conf.write_text(config(workdir, address, port, open_modules))
    argv = [program("rsync"), "--daemon", "--no-detach", f"--config={conf}"]
    with running(argv, tcp_ready(address, port)):
        yield
