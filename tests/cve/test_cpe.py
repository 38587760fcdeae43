"""CPE 2.2 URIs (nmap) and 2.3 formatted strings (NVD)."""

import pytest

from aucote.cve.cpe import Cpe, full_version, parse_cpe


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cpe:/a:apache:http_server:2.4.49", Cpe("a", "apache", "http_server", "2.4.49")),
        ("cpe:/a:openbsd:openssh:7.4p1", Cpe("a", "openbsd", "openssh", "7.4p1")),
        ("cpe:/a:openbsd:openssh:7.2:p2", Cpe("a", "openbsd", "openssh", "7.2p2")),
        ("cpe:/a:apache:http_server", Cpe("a", "apache", "http_server", "*")),
        ("cpe:/o:linux:linux_kernel", Cpe("o", "linux", "linux_kernel", "*")),
        (
            "cpe:/a:Matt_Johnston:Dropbear_SSH_Server:2022.83",
            Cpe("a", "matt_johnston", "dropbear_ssh_server", "2022.83"),
        ),
        ("cpe:/a:vendor:some%20product:1.0", Cpe("a", "vendor", "some product", "1.0")),
        ("cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*", Cpe("a", "apache", "http_server", "2.4.49")),
        ("cpe:2.3:a:openbsd:openssh:*:*:*:*:*:*:*:*", Cpe("a", "openbsd", "openssh", "*")),
        ("cpe:2.3:a:openbsd:openssh:7.2:p2:*:*:*:*:*:*", Cpe("a", "openbsd", "openssh", "7.2p2")),
        ("cpe:2.3:a:openbsd:openssh:7.2:-:*:*:*:*:*:*", Cpe("a", "openbsd", "openssh", "7.2")),
        ("cpe:2.3:o:cisco:ios:-:*:*:*:*:*:*:*", Cpe("o", "cisco", "ios", "*")),
        ("cpe:2.3:a:foo\\:bar:baz\\!:1.0:*:*:*:*:*:*:*", Cpe("a", "foo:bar", "baz!", "1.0")),
        (
            "cpe:2.3:o:canonical:ubuntu_linux:18.04:*:*:*:lts:*:*:*",
            Cpe("o", "canonical", "ubuntu_linux", "18.04"),
        ),
    ],
)
def test_parse(text: str, expected: Cpe) -> None:
    assert parse_cpe(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "apache:http_server", "cpe:/x:apache:http_server:1", "cpe:/a:apache", "cpe:2.3:a::x:1", "cpe:/a::x"],
)
def test_not_a_cpe(text: str) -> None:
    with pytest.raises(ValueError, match="CPE"):
        parse_cpe(text)


@pytest.mark.parametrize(
    ("version", "update", "full"),
    [("7.2", "p2", "7.2p2"), ("1.0", "3", "1.0.3"), ("*", "p2", "*"), ("-", "", "*"), ("1.0", "-", "1.0")],
)
def test_full_version(version: str, update: str, full: str) -> None:
    assert full_version(version, update) == full
