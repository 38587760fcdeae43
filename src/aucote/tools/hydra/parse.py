"""The credentials hydra found, from its standard output, and its error lines.

A success line: `[21][ftp] host: 127.0.0.1   login: user   password: secret` (modules without
login names print no `login:` part).
"""

import re
from dataclasses import dataclass
from typing import Final

_ANSI: Final = re.compile(r"\x1b\[[0-9;]*m")
_FOUND: Final = re.compile(
    r"^\[(?P<port>\d{1,5})\]\[(?P<module>[\w-]+)\]\s+host: (?P<host>\S+)"
    r"(?:\s+login: (?P<login>.*?))?\s+password: (?P<password>.*)$"
)


@dataclass(frozen=True, slots=True)
class Credential:
    """A login (None for modules without login names) and password hydra logged in with."""

    port: int
    module: str
    host: str
    login: str | None
    password: str


def parse_found(stdout: bytes) -> tuple[Credential, ...]:
    """Every success line of hydra's output, in order, without repeats."""
    found = (_credential(line) for line in _lines(stdout))
    return tuple(dict.fromkeys(credential for credential in found if credential))


def error_lines(output: bytes) -> tuple[str, ...]:
    """hydra's `[ERROR] …` lines (it prints them on stderr)."""
    return tuple(line for line in _lines(output) if line.startswith("[ERROR]"))


def _lines(output: bytes) -> list[str]:
    return _ANSI.sub("", output.decode(errors="replace")).splitlines()


def _credential(line: str) -> Credential | None:
    match = _FOUND.match(line.rstrip("\r"))
    if match is None:
        return None
    return Credential(
        port=int(match["port"]),
        module=match["module"],
        host=match["host"],
        login=match["login"],
        password=match["password"],
    )
