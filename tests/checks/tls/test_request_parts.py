"""The parts of a request that depend on the port and options: STARTTLS protocol and settings."""

from pathlib import Path

import pytest
from sslyze.connection_helpers.opportunistic_tls_helpers import ProtocolWithOpportunisticTlsEnum as Starttls

from aucote.checks.tls.settings import TlsSettings
from aucote.checks.tls.starttls import opportunistic_protocol
from tests.checks.tls.running import loopback_port


@pytest.mark.parametrize(
    ("number", "service", "expected"),
    [
        (25, "smtp", Starttls.SMTP),
        (587, "submission", Starttls.SMTP),
        (2525, "smtp", Starttls.SMTP),
        (465, "ssl/smtp", None),
        (465, "smtps", None),
        (143, "imap", Starttls.IMAP),
        (993, "imaps", None),
        (110, "pop3", Starttls.POP3),
        (21, "ftp", Starttls.FTP),
        (389, "ldap", Starttls.LDAP),
        (5222, "xmpp-client", Starttls.XMPP),
        (5269, "xmpp-server", Starttls.XMPP_SERVER),
        (5432, "postgresql", Starttls.POSTGRES),
        (3389, "ms-wbt-server", Starttls.RDP),
        (443, "https", None),
        (8443, None, None),
        (25, None, Starttls.SMTP),
        (143, None, Starttls.IMAP),
        (25, "http", None),
    ],
)
def test_opportunistic_protocol(number: int, service: str | None, expected: Starttls | None) -> None:
    assert opportunistic_protocol(loopback_port(number, service)) is expected


def test_settings(tmp_path: Path) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("x")
    assert TlsSettings.from_options({}) == TlsSettings()
    assert TlsSettings.from_options({"server_name": " www.example.com ", "ca_file": str(ca)}) == TlsSettings(
        "www.example.com", ca
    )
    with pytest.raises(ValueError, match="option server_name"):
        TlsSettings.from_options({"server_name": ""})
    with pytest.raises(ValueError, match="option ca_file: expected a file path, got 3"):
        TlsSettings.from_options({"ca_file": 3})
