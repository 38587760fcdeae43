"""The identification line an SSH server sends first (RFC 4253 4.2): `SSH-protoversion-softwareversion
[SP comments]`. `1.99` means both protocols 1 and 2; other `1.x` versions mean protocol 1 only."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Identification:
    """A parsed identification line (without its CR LF)."""

    line: str
    protocol: str
    software: str
    comments: str | None = None

    @property
    def protocol_1(self) -> bool:
        """The server accepts SSH protocol 1 (`SSH-1.x`, including `1.99`)."""
        return self.protocol.startswith("1.")

    @property
    def protocol_2(self) -> bool:
        """The server speaks SSH protocol 2 (`2.0`, or `1.99` for both)."""
        return self.protocol in ("2.0", "1.99")


def parse_identification(line: str) -> Identification:
    """Read `SSH-2.0-OpenSSH_9.2p1 Debian-2`; ValueError when the line is not an identification."""
    text = line.rstrip("\r\n")
    if not text.startswith("SSH-") or text.count("-") < 2:
        raise ValueError(f"not an SSH identification line: {text[:80]!r}")
    protocol, _, rest = text[4:].partition("-")
    software, _, comments = rest.partition(" ")
    if not protocol or not software:
        raise ValueError(f"SSH identification without protocol or software version: {text[:80]!r}")
    return Identification(text, protocol, software, comments or None)
