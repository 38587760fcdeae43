"""Finding an installed daemon program; a test fails (never skips) when it is missing."""

import os
import shutil
from pathlib import Path

SBIN = ("/usr/sbin", "/sbin")


def program(name: str) -> str:
    """Path of an installed program; RuntimeError naming the setup script when it is missing."""
    found = shutil.which(name) or next((str(Path(d, name)) for d in SBIN if Path(d, name).exists()), None)
    if found is None:
        raise RuntimeError(f"{name} is not installed: run `make setup` (scripts/setup-system.sh)")
    return found


def as_root_user() -> bool:
    """Whether the tests run as root (daemons that drop privileges are told to stay root)."""
    return os.geteuid() == 0
