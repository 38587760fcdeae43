"""Ending the processes a bench started: SIGTERM to each still running (workers drain on it),
then a wait of `grace` seconds each, then SIGKILL for any that did not end."""

import signal
import subprocess
from collections.abc import Sequence


def stop_all(procs: Sequence["subprocess.Popen[bytes]"], grace: float) -> None:
    """Stop every process of `procs`; none is left running."""
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
