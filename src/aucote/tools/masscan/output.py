"""Reading what masscan printed: found ports from stdout, progress from the status line on stderr.

masscan prints one line per open port as it finds it, padded with spaces:

    Discovered open port 80/tcp on 198.18.0.2

and, on stderr, a status line rewritten in place (`\\r`) a few times a second:

    rate:  9.86-kpps, 97.39% done,   0:00:00 remaining, found=3
    rate:  0.00-kpps, 100.00% done, waiting 1-secs, found=3

The stdout lines are all there is to rely on: masscan 1.3.2 often hangs after its wait and has
to be killed, which leaves its output files empty (stdout lines are flushed one by one).
"""

import re
from dataclasses import dataclass
from ipaddress import IPv4Address

_DISCOVERED = re.compile(r"Discovered open port (\d{1,5})/(\w+) on (\d{1,3}(?:\.\d{1,3}){3})")
_STATUS = re.compile(r"rate:\s*[\d.]+-kpps,\s*(\d+(?:\.\d+)?)% done,\s*(waiting (-?\d+)-secs|[^,]*remaining)")


@dataclass(frozen=True, slots=True)
class Discovered:
    """One open port masscan reported."""

    ip: IPv4Address
    port: int
    protocol: str = "tcp"


@dataclass(frozen=True, slots=True)
class Progress:
    """The last status masscan printed: how much it sent, and whether it is in its final wait."""

    percent: float
    waiting: bool

    @property
    def sent_all(self) -> bool:
        """Every probe was sent (later answers may still have been missed)."""
        return self.percent >= 100.0


def parse_discovered(stdout: bytes) -> list[Discovered]:
    """Every "Discovered open port" line of IPv4 output, in order; other lines are ignored."""
    found = []
    for line in stdout.decode(errors="replace").splitlines():
        match = _DISCOVERED.fullmatch(line.strip())
        if match and int(match[1]) <= 65535 and (ip := _ipv4(match[3])):
            found.append(Discovered(ip, int(match[1]), match[2]))
    return found


def _ipv4(text: str) -> IPv4Address | None:
    try:
        return IPv4Address(text)
    except ValueError:
        return None


def parse_progress(stderr: bytes) -> Progress | None:
    """The last status line of stderr, or None when masscan printed none (it never started)."""
    last = None
    for chunk in re.split(r"[\r\n]", stderr.decode(errors="replace")):
        if match := _STATUS.search(chunk):
            last = match
    if last is None:
        return None
    return Progress(float(last[1]), last[3] is not None)


def last_message(stderr: bytes) -> str:
    """masscan's last line on stderr that is not a status line (its error, when it failed)."""
    lines = [
        line.strip()
        for line in re.split(r"[\r\n]", stderr.decode(errors="replace"))
        if line.strip() and not _STATUS.search(line)
    ]
    return lines[-1] if lines else ""
