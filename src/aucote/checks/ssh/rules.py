"""The SSH rules, one per catalogue exploit of app `aucote-ssh`: each reads the handshake and returns
the finding's text (the evidence), or None when there is nothing to report; a rule on the SSH-2
algorithm lists raises NotApplicable for a protocol-1-only server (judged by `aucote.checks.judging`)."""

from collections.abc import Callable, Mapping
from typing import Final

from aucote.checks.judging import NotApplicable, Rule
from aucote.checks.ssh.algorithms import cipher_weakness, host_key_weakness, kex_weakness, mac_weakness
from aucote.checks.ssh.handshake import Handshake
from aucote.checks.ssh.kexinit import KexInit
from aucote.checks.ssh.software import outdated

Weakness = Callable[[str], str | None]
Lists = list[tuple[str, tuple[str, ...]]]
"""Labelled algorithm lists of a KEXINIT, shown as evidence."""

PROTOCOL_1_ONLY: Final = "the server speaks SSH protocol 1 only: no SSH-2 algorithm lists to judge"


def kexinit_of(handshake: Handshake) -> KexInit:
    """The server's SSH-2 algorithm lists; NotApplicable for a protocol-1-only server."""
    if handshake.kexinit is None:
        raise NotApplicable(PROTOCOL_1_ONLY)
    return handshake.kexinit


def protocol_1(handshake: Handshake) -> str | None:
    """The server accepts SSH protocol 1."""
    ident = handshake.identification
    if not ident.protocol_1:
        return None
    scope = "both protocols 1 and 2" if ident.protocol_2 else "protocol 1 only"
    return (
        f"The server announces SSH protocol {ident.protocol} ({scope}): {ident.line}\n"
        "SSH protocol 1 is insecure by design (a CRC-32 integrity check open to insertion attacks, "
        "no negotiable modern algorithms); OpenSSH removed it from its server in 7.4 (2016)."
    )


def server_version(handshake: Handshake) -> str:
    """The identification as information: protocol, software and comments."""
    ident = handshake.identification
    lines = [
        f"Server identification: {ident.line}",
        f"Protocol: {ident.protocol}",
        f"Software: {ident.software}",
    ]
    if ident.comments:
        lines.append(f"Comments: {ident.comments}")
    if handshake.preamble:
        lines.append("Lines sent before the identification: " + " | ".join(handshake.preamble))
    return "\n".join(lines)


def software_outdated(handshake: Handshake) -> str | None:
    """OpenSSH before 7.4 or Dropbear before 2020."""
    return outdated(handshake.identification)


def weak_algorithms(
    kind: str, lists: Callable[[KexInit], Lists], weakness: Weakness
) -> Callable[[Handshake], str | None]:
    """A rule reporting the algorithms of some KEXINIT lists that `weakness` finds weak, with the lists."""

    def evaluate(handshake: Handshake) -> str | None:
        named = lists(kexinit_of(handshake))
        offered = dict.fromkeys(name for _, names in named for name in names)
        weak = [(name, reason) for name in offered if (reason := weakness(name)) is not None]
        if not weak:
            return None
        lines = [f"Weak {kind} offered by the server:"]
        lines += [f"  {name}: {reason}" for name, reason in weak]
        lines += [f"{label}: {','.join(names)}" for label, names in named]
        return "\n".join(lines)

    return evaluate


def _kex(kexinit: KexInit) -> Lists:
    return [("Key exchange algorithms offered", kexinit.kex)]


def _host_keys(kexinit: KexInit) -> Lists:
    return [("Host key algorithms offered", kexinit.host_keys)]


def _ciphers(kexinit: KexInit) -> Lists:
    return _directions("Ciphers", kexinit.ciphers_client_server, kexinit.ciphers_server_client)


def _macs(kexinit: KexInit) -> Lists:
    return _directions("MACs", kexinit.macs_client_server, kexinit.macs_server_client)


def _directions(noun: str, client_server: tuple[str, ...], server_client: tuple[str, ...]) -> Lists:
    if client_server == server_client:
        return [(f"{noun} offered", client_server)]
    return [
        (f"{noun} offered, client to server", client_server),
        (f"{noun} offered, server to client", server_client),
    ]


RULES: Final[Mapping[str, Rule[Handshake]]] = {
    "ssh-protocol-1": protocol_1,
    "ssh-weak-kex": weak_algorithms("key exchange algorithms", _kex, kex_weakness),
    "ssh-weak-ciphers": weak_algorithms("ciphers", _ciphers, cipher_weakness),
    "ssh-weak-macs": weak_algorithms("MACs", _macs, mac_weakness),
    "ssh-weak-host-keys": weak_algorithms("host key algorithms", _host_keys, host_key_weakness),
    "ssh-server-version": server_version,
    "ssh-outdated-server": software_outdated,
}
"""Rules by exploit name."""
