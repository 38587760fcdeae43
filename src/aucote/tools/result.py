"""The outcome of one finished (or killed) tool process."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ToolResult:
    """Everything a tool printed and how it ended; times are `time.time()` seconds.

    `returncode` is negative (-signal) when the process was killed. `timed_out` says the run did
    not finish within its timeout (the process, or a child still holding its output, was killed);
    stdout and stderr then hold what was printed until then.
    """

    argv: tuple[str, ...]
    returncode: int
    stdout: bytes
    stderr: bytes
    started: float
    ended: float
    timed_out: bool = False

    @property
    def duration(self) -> float:
        """Seconds between start and end."""
        return self.ended - self.started

    @property
    def ok(self) -> bool:
        """True when the process exited by itself with status 0."""
        return self.returncode == 0 and not self.timed_out
