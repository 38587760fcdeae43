"""Outdated SSH software by the version it announces."""

import pytest

from aucote.checks.ssh.identification import parse_identification
from aucote.checks.ssh.software import outdated


@pytest.mark.parametrize(
    ("line", "is_outdated"),
    [
        ("SSH-2.0-OpenSSH_7.3p1", True),
        ("SSH-2.0-OpenSSH_7.2p2 Ubuntu-4ubuntu2.10", True),
        ("SSH-2.0-OpenSSH_6.6.1p1 Ubuntu-2ubuntu2.13", True),
        ("SSH-1.99-OpenSSH_3.9p1", True),
        ("SSH-2.0-OpenSSH_7.4", False),
        ("SSH-2.0-OpenSSH_7.4p1 Debian-10+deb9u7", False),
        ("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10", False),
        ("SSH-2.0-OpenSSH_10.0", False),
        ("SSH-2.0-dropbear_2019.78", True),
        ("SSH-2.0-dropbear_2016.74", True),
        ("SSH-2.0-dropbear_2020.79", False),
        ("SSH-2.0-dropbear_2022.83", False),
        ("SSH-2.0-dropbear", False),
        ("SSH-2.0-OpenSSH_for_Windows_8.1", False),
        ("SSH-2.0-libssh_0.9.6", False),
        ("SSH-2.0-Cisco-1.25", False),
    ],
)
def test_outdated(line: str, is_outdated: bool) -> None:
    assert (outdated(parse_identification(line)) is not None) is is_outdated


def test_openssh_reason_names_the_version_and_the_backport_caveat() -> None:
    text = outdated(parse_identification("SSH-2.0-OpenSSH_7.2p2 Ubuntu-4ubuntu2.10")) or ""
    assert "OpenSSH 7.2p2 is older than 7.4" in text
    assert "CVE-2016-10009" in text
    assert "backport" in text and "Ubuntu-4ubuntu2.10" in text
    assert text.endswith("Server: SSH-2.0-OpenSSH_7.2p2 Ubuntu-4ubuntu2.10")


def test_dropbear_reason() -> None:
    text = outdated(parse_identification("SSH-2.0-dropbear_2019.78")) or ""
    assert text.startswith("Dropbear 2019.78 is a release from before 2020.")
