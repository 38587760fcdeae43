"""Which plaintext protocol to upgrade with STARTTLS before the TLS handshake, from the port's service."""

from typing import Final

from sslyze.connection_helpers.opportunistic_tls_helpers import ProtocolWithOpportunisticTlsEnum

from aucote.checks.starttls import starttls_choice
from aucote.model.target import Port

STARTTLS_SERVICES: Final = {
    "smtp": ProtocolWithOpportunisticTlsEnum.SMTP,
    "submission": ProtocolWithOpportunisticTlsEnum.SMTP,
    "imap": ProtocolWithOpportunisticTlsEnum.IMAP,
    "pop3": ProtocolWithOpportunisticTlsEnum.POP3,
    "ftp": ProtocolWithOpportunisticTlsEnum.FTP,
    "ldap": ProtocolWithOpportunisticTlsEnum.LDAP,
    "xmpp": ProtocolWithOpportunisticTlsEnum.XMPP,
    "xmpp-client": ProtocolWithOpportunisticTlsEnum.XMPP,
    "jabber": ProtocolWithOpportunisticTlsEnum.XMPP,
    "xmpp-server": ProtocolWithOpportunisticTlsEnum.XMPP_SERVER,
    "postgresql": ProtocolWithOpportunisticTlsEnum.POSTGRES,
    "ms-wbt-server": ProtocolWithOpportunisticTlsEnum.RDP,
}
"""nmap service names of plaintext protocols that sslyze can upgrade to TLS."""


def opportunistic_protocol(port: Port) -> ProtocolWithOpportunisticTlsEnum | None:
    """The STARTTLS protocol for the port, or None for TLS from the first byte.

    A service in an ssl tunnel (`ssl/imap`, `imaps`, `https` …) is direct TLS; a known plaintext
    service name picks its protocol; a port without a detected service falls back to sslyze's
    default ports (25 and 587 SMTP, 110 POP3, 143 IMAP, 21 FTP, 389 LDAP, 5222 XMPP …).
    """
    return starttls_choice(port, STARTTLS_SERVICES, ProtocolWithOpportunisticTlsEnum.from_default_port)
