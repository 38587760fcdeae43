"""A working directory a daemon's own user can reach: pytest's tmp_path lives under a 0700 folder
of root's, so daemons that drop to their own user (mysql, postgres) get one under /tmp instead."""

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def daemon_workdir(user: str) -> Iterator[Path]:
    """A fresh folder under /tmp owned by `user` (when we are root), removed afterwards."""
    root = Path(tempfile.mkdtemp(prefix=f"aucote-{user}-"))
    try:
        if os.geteuid() == 0:
            shutil.chown(root, user, user)
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def as_user(user: str, argv: Sequence[str]) -> list[str]:
    """`argv` run as `user` when we are root, as ourselves otherwise."""
    return ["runuser", "-u", user, "--", *argv] if os.geteuid() == 0 else list(argv)


def run(argv: Sequence[str]) -> str:
    """Run a set-up command; its output, or RuntimeError with what it said."""
    done = subprocess.run(list(argv), capture_output=True, text=True, timeout=60, check=False)
    if done.returncode:
        raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return done.stdout
