"""Transport protocols, stored as IANA numbers and rendered as upper-case names."""

from enum import IntEnum


class Protocol(IntEnum):
    """A transport protocol; the value is its IANA protocol number."""

    TCP = 6
    UDP = 17
    SCTP = 132

    @classmethod
    def parse(cls, text: str) -> "Protocol":
        """Read a protocol name in any case (`tcp`, `TCP`); raises ValueError on an unknown one."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown protocol {text!r} (expected TCP, UDP or SCTP)") from None
