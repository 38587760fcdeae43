"""What a check reports about one port."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Finding:
    """One vulnerability found by one exploit; cve/cvss default to the exploit's own."""

    output: str
    subid: int = 0
    cve: str | None = None
    cvss: float | None = None
