"""The server identification line (RFC 4253 4.2)."""

import pytest

from aucote.checks.ssh.identification import Identification, parse_identification


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10\r\n",
            Identification(
                "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10", "2.0", "OpenSSH_9.2p1", "Debian-2+deb12u10"
            ),
        ),
        ("SSH-2.0-dropbear_2022.83", Identification("SSH-2.0-dropbear_2022.83", "2.0", "dropbear_2022.83")),
        ("SSH-1.99-OpenSSH_3.9p1", Identification("SSH-1.99-OpenSSH_3.9p1", "1.99", "OpenSSH_3.9p1")),
        ("SSH-1.5-Cisco-1.25", Identification("SSH-1.5-Cisco-1.25", "1.5", "Cisco-1.25")),
    ],
)
def test_parse(line: str, expected: Identification) -> None:
    assert parse_identification(line) == expected


@pytest.mark.parametrize(
    ("protocol", "one", "two"),
    [("2.0", False, True), ("1.99", True, True), ("1.5", True, False), ("1.3", True, False)],
)
def test_protocols(protocol: str, one: bool, two: bool) -> None:
    identification = parse_identification(f"SSH-{protocol}-x")
    assert (identification.protocol_1, identification.protocol_2) == (one, two)


@pytest.mark.parametrize("line", ["220 mail ESMTP", "SSH-2.0", "SSH--x", "SSH-2.0-", ""])
def test_not_an_identification(line: str) -> None:
    with pytest.raises(ValueError, match="SSH identification"):
        parse_identification(line)
