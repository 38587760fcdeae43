"""The installed `aucote` command, run as a user would from a terminal of a given width."""

import os
import subprocess
import sys
from pathlib import Path

AUCOTE = Path(sys.executable).with_name("aucote")


def aucote_scan(*args: str, columns: int = 200) -> subprocess.CompletedProcess[str]:
    """Run `aucote scan ARGS` in a terminal `columns` wide; its exit status and output."""
    env = {**os.environ, "COLUMNS": str(columns)}
    env.pop("AUCOTE_DATABASE_URL", None)
    command = [str(AUCOTE), "scan", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env, check=False)
