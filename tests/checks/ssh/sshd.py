"""A real OpenSSH server for the tests: its own host keys and configuration in a temporary folder,
listening on a free loopback port, nobody able to log in (no authorized keys, no passwords)."""

import os
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.ports import free_port, serving

SSHD = Path("/usr/sbin/sshd")
PRIVSEP_DIR = Path("/run/sshd")


@dataclass(frozen=True)
class SshdConfig:
    """The algorithm lists the server offers and the host key types it has."""

    kex: Sequence[str]
    ciphers: Sequence[str]
    macs: Sequence[str]
    host_key_algorithms: Sequence[str]
    key_types: Sequence[str]


WEAK = SshdConfig(
    kex=["diffie-hellman-group1-sha1", "diffie-hellman-group14-sha1", "diffie-hellman-group-exchange-sha1"],
    ciphers=["3des-cbc", "aes128-cbc", "aes128-ctr"],
    macs=["hmac-md5", "hmac-sha1-96", "umac-64@openssh.com", "hmac-sha1", "hmac-sha2-256-etm@openssh.com"],
    host_key_algorithms=["ssh-dss", "ssh-rsa", "rsa-sha2-256"],
    key_types=["dsa", "rsa"],
)
HARDENED = SshdConfig(
    kex=["curve25519-sha256", "curve25519-sha256@libssh.org", "diffie-hellman-group16-sha512"],
    ciphers=["chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr"],
    macs=["hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com", "umac-128-etm@openssh.com"],
    host_key_algorithms=["ssh-ed25519", "rsa-sha2-512", "rsa-sha2-256"],
    key_types=["ed25519", "rsa"],
)


def require_sshd() -> None:
    """Fail (never skip) with a clear message when OpenSSH's server is not installed."""
    if not SSHD.exists():
        raise RuntimeError(f"{SSHD} not found: install the openssh-server package (scripts/setup-system.sh)")


@contextmanager
def sshd(config: SshdConfig, folder: Path) -> Iterator[int]:
    """Run sshd with `config` on a free port of 127.0.0.1 for the block; yields the port."""
    require_sshd()
    PRIVSEP_DIR.mkdir(mode=0o755, exist_ok=True)
    port = free_port()
    config_file = _write_config(config, folder)
    argv = [str(SSHD), "-D", "-e", "-f", str(config_file), "-p", str(port)]
    with serving(argv, port):
        yield port


def _write_config(config: SshdConfig, folder: Path) -> Path:
    keys = [_host_key(folder, kind) for kind in config.key_types]
    lines = [
        "ListenAddress 127.0.0.1",
        *(f"HostKey {key}" for key in keys),
        f"KexAlgorithms {','.join(config.kex)}",
        f"Ciphers {','.join(config.ciphers)}",
        f"MACs {','.join(config.macs)}",
        f"HostKeyAlgorithms {','.join(config.host_key_algorithms)}",
        "PidFile none",
        "UsePAM no",
        "PermitRootLogin no",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "AuthorizedKeysFile none",
        "LogLevel ERROR",
    ]
    path = folder / "sshd_config"
    path.write_text("\n".join(lines) + "\n")
    return path


def _host_key(folder: Path, kind: str) -> Path:
    path = folder / f"ssh_host_{kind}_key"
    if not path.exists():
        subprocess.run(
            ["ssh-keygen", "-q", "-t", kind, "-N", "", "-f", str(path)], check=True, env=os.environ.copy()
        )
    return path
