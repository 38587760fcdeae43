"""The version comparator: numeric segments, letters, pre-releases and OpenSSH's portable suffix."""

import pytest

from aucote.cve.version import compare_versions, segments


@pytest.mark.parametrize(
    ("left", "right", "order"),
    [
        ("2.4.49", "2.4.49", 0),
        ("2.4.49", "2.4.5", 1),
        ("2.4.9", "2.4.49", -1),
        ("2.4.58", "2.4.49", 1),
        ("2.4", "2.4.0", 0),
        ("2.4.0.0", "2.4", 0),
        ("2.4.1", "2.4", 1),
        ("10.0", "9.9", 1),
        ("1.0.10", "1.0.9", 1),
        ("V2.1", "2.1", 0),
        # OpenSSH portable releases: 7.4p1 is release 7.4.
        ("7.4p1", "7.4", 0),
        ("7.4", "7.4p1", 0),
        ("7.4p1", "7.4p2", -1),
        ("7.4p1", "7.5", -1),
        ("7.7p1", "7.7", 0),
        ("7.3p1", "7.4", -1),
        ("6.6.1p1", "6.6", 1),
        ("6.6.1p1", "6.7", -1),
        # OpenSSL letters come after the release.
        ("1.0.2k", "1.0.2", 1),
        ("1.0.2k", "1.0.2u", -1),
        ("1.0.2u", "1.0.2k", 1),
        ("1.1.1", "1.0.2zf", 1),
        ("1.0a", "1.0.1", -1),
        ("1.0b", "1.0", 1),
        # Pre-releases come before it.
        ("2.0rc1", "2.0", -1),
        ("2.0", "2.0-rc1", 1),
        ("2.0.0-beta2", "2.0.0-rc1", -1),
        ("2.0alpha", "2.0beta", -1),
        ("2.0dev", "2.0alpha", -1),
        ("2.0rc1", "2.0.1", -1),
        ("2.0rc1", "2.0rc2", -1),
        ("1.9.9", "2.0rc1", -1),
        # Distribution revisions and other words: the longer is newer.
        ("2.4.49-1", "2.4.49", 1),
        ("9.2p1-2+deb12u3", "9.2p1-2+deb12u10", -1),
    ],
)
def test_compare(left: str, right: str, order: int) -> None:
    assert compare_versions(left, right) == order
    assert compare_versions(right, left) == -order


def test_segments() -> None:
    assert segments("7.4p1") == (7, 4, "p", 1)
    assert segments("2.0.0-RC1") == (2, 0, 0, "rc", 1)
    assert segments("v1.2") == (1, 2)
    assert segments("") == ()
