"""Which hydra module attacks a service that nmap named.

As the original: `http`→`http-get`, `https`→`https-get`, the SMB names → `smb`, otherwise the nmap
name itself when hydra has a module of that name. Added: nmap names that differ from hydra's
(`postgresql`, `ms-sql-s`, `ms-wbt-server` …) and the TLS variants (`ftp` in an ssl tunnel → `ftps`).
"""

from typing import Final

HYDRA_MODULES: Final = frozenset(
    {
        *("adam6500", "asterisk", "cisco", "cisco-enable", "cobaltstrike", "cvs", "firebird", "ftp"),
        *("ftps", "http-head", "http-get", "http-post", "https-head", "https-get", "https-post"),
        *("http-get-form", "http-post-form", "https-get-form", "https-post-form", "http-proxy"),
        *("http-proxy-urlenum", "icq", "imap", "imaps", "irc", "ldap2", "ldap2s", "ldap3"),
        *("ldap3-crammd5", "ldap3-crammd5s", "ldap3-digestmd5", "ldap3-digestmd5s", "ldap3s"),
        *("memcached", "mongodb", "mssql", "mysql", "nntp", "oracle-listener", "oracle-sid"),
        *("pcanywhere", "pcnfs", "pop3", "pop3s", "postgres", "radmin2", "rdp", "redis", "rexec"),
        *("rlogin", "rpcap", "rsh", "rtsp", "s7-300", "sip", "smb", "smtp", "smtps", "smtp-enum"),
        *("snmp", "socks5", "ssh", "sshkey", "svn", "teamspeak", "telnet", "telnets", "vmauthd"),
        *("vnc", "xmpp"),
    }
)
"""The modules of hydra 9.4 (Debian 12), from its help text."""

NMAP_TO_HYDRA: Final = {
    "http": "http-get",
    "https": "https-get",
    "microsoft-ds": "smb",
    "microsoft-ssn": "smb",
    "microsoft-ns": "smb",
    "netbios-ssn": "smb",
    "postgresql": "postgres",
    "ms-sql-s": "mssql",
    "ms-wbt-server": "rdp",
    "mongod": "mongodb",
    "submission": "smtp",
    "xmpp-client": "xmpp",
    "cvspserver": "cvs",
    "vmware-auth": "vmauthd",
    "oracle-tns": "oracle-listener",
}
"""nmap service names whose hydra module has another name."""

OVER_TLS: Final = {
    "ftp": "ftps",
    "imap": "imaps",
    "pop3": "pop3s",
    "smtp": "smtps",
    "telnet": "telnets",
    "http-get": "https-get",
}
"""The module for a service found inside an ssl tunnel."""

PASSWORD_ONLY: Final = frozenset({"redis", "cisco", "oracle-listener", "s7-300", "snmp", "vnc"})
"""Modules that take no login name (hydra is given no -L for them)."""


def hydra_module(name: str, tls: bool = False) -> str | None:
    """The module for nmap service `name` (`tls`: found in an ssl tunnel), None when hydra has none."""
    module = NMAP_TO_HYDRA.get(name.lower(), name.lower())
    if tls:
        module = OVER_TLS.get(module, module)
    return module if module in HYDRA_MODULES else None
