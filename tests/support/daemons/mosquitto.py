"""A Mosquitto broker of its own: anonymous clients allowed, or only user `aucote` (password file);
plain MQTT, or MQTT over TLS with a certificate of a test authority."""

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.daemons.programs import as_root_user, program
from tests.support.ports import serving
from tests.support.tls_servers import Authority, CertSpec

USER, PASSWORD = "aucote", "aucote-test-secret"


def config(workdir: Path, address: str, port: int, *, anonymous: bool, tls: bool = False) -> str:
    """mosquitto.conf text: one listener, no persistence; a password file when not anonymous."""
    lines = [f"listener {port} {address}", f"allow_anonymous {str(anonymous).lower()}", "persistence false"]
    lines += ["user root"] if as_root_user() else []
    lines += tls_lines(workdir, address) if tls else []
    if not anonymous:
        passwords = workdir / "mosquitto.passwd"
        subprocess.run([program("mosquitto_passwd"), "-b", "-c", str(passwords), USER, PASSWORD], check=True)
        lines.append(f"password_file {passwords}")
    return "\n".join(lines) + "\n"


def tls_lines(workdir: Path, address: str) -> list[str]:
    """The listener's certificate and key, issued for `address` by a new test authority."""
    authority = Authority.create(workdir)
    files = authority.issue(workdir, "mosquitto", CertSpec(common_name=address, ip_addresses=(address,)))
    return [f"certfile {files.cert}", f"keyfile {files.key}"]


@contextmanager
def mosquitto(
    workdir: Path, address: str, port: int, *, anonymous: bool, tls: bool = False
) -> Iterator[None]:
    """mosquitto listening on address:port until the block ends."""
    path = workdir / "mosquitto.conf"
    path.write_text(config(workdir, address, port, anonymous=anonymous, tls=tls))
    with serving([program("mosquitto"), "-c", str(path)], port, host=address):
        yield
