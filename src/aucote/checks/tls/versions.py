"""The protocol versions sslyze tests cipher suites for: its scan commands and how we name them."""

from typing import Final

from sslyze.plugins.scan_commands import ScanCommand

VERSION_LABELS: Final = {
    ScanCommand.SSL_2_0_CIPHER_SUITES: "SSL 2.0",
    ScanCommand.SSL_3_0_CIPHER_SUITES: "SSL 3.0",
    ScanCommand.TLS_1_0_CIPHER_SUITES: "TLS 1.0",
    ScanCommand.TLS_1_1_CIPHER_SUITES: "TLS 1.1",
    ScanCommand.TLS_1_2_CIPHER_SUITES: "TLS 1.2",
    ScanCommand.TLS_1_3_CIPHER_SUITES: "TLS 1.3",
}
"""Every cipher-suite scan command, oldest version first, with the version it tests."""

BEFORE_TLS_1_3: Final = frozenset(VERSION_LABELS) - {ScanCommand.TLS_1_3_CIPHER_SUITES}
"""The versions whose cipher suites can be weak (TLS 1.3 defines only strong AEAD suites)."""


def ordered(commands: frozenset[ScanCommand]) -> list[ScanCommand]:
    """The cipher-suite commands among `commands`, oldest version first."""
    return [command for command in VERSION_LABELS if command in commands]
