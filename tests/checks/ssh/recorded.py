"""The recorded greetings of real OpenSSH servers (recorded/README.md)."""

from pathlib import Path

RECORDED = Path(__file__).parent / "recorded"


def greeting(name: str) -> tuple[bytes, bytes]:
    """(identification line without CR LF, the KEXINIT packet with its length header)."""
    identification, _, packet = (RECORDED / f"{name}.bin").read_bytes().partition(b"\r\n")
    return identification, packet
