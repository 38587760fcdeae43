"""The masscan output parser, on outputs recorded from real runs (tests/fixtures/masscan/record.py)."""

from ipaddress import IPv4Address
from pathlib import Path

import pytest

from aucote.tools.masscan.output import Discovered, Progress, last_message, parse_discovered, parse_progress

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "masscan"


def raw(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_discovered_lines_of_a_complete_run_in_the_order_printed() -> None:
    found = parse_discovered(raw("complete.stdout"))
    assert [(str(item.ip), item.port, item.protocol) for item in found] == [
        ("198.18.0.3", 443, "tcp"),
        ("198.18.0.4", 1, "tcp"),
        ("198.18.0.2", 22, "tcp"),
        ("198.18.0.3", 25, "tcp"),
        ("198.18.0.2", 80, "tcp"),
        ("198.18.0.4", 65535, "tcp"),
        ("198.18.0.2", 8080, "tcp"),
    ]


def test_a_run_killed_half_way_has_what_it_printed_so_far() -> None:
    assert parse_discovered(raw("cut.stdout")) == [Discovered(IPv4Address("198.18.0.2"), 80)]


def test_nothing_discovered() -> None:
    assert parse_discovered(raw("no_adapter.stdout")) == []
    assert parse_discovered(b"") == []


def test_other_lines_and_impossible_values_are_ignored() -> None:
    stdout = (
        b"Banner on port 80/tcp on 198.18.0.2: [http] HTTP/1.0 200 OK\n"
        b"Discovered open port 70000/tcp on 198.18.0.2\n"
        b"Discovered open port 80/tcp on 198.18.0.256\n"
        b"Discovered open port 53/udp on 198.18.0.2   \r\n"
        b"\xff\xfe garbage\n"
    )
    assert parse_discovered(stdout) == [Discovered(IPv4Address("198.18.0.2"), 53, "udp")]


def test_progress_of_a_run_that_sent_everything_then_hung() -> None:
    """Killed by the timeout while its wait counted below zero (the masscan 1.3.2 hang)."""
    progress = parse_progress(raw("complete.stderr"))
    assert progress == Progress(100.0, waiting=True)
    assert progress.sent_all


def test_progress_of_a_run_cut_before_the_end() -> None:
    progress = parse_progress(raw("cut.stderr"))
    assert progress == Progress(20.19, waiting=False)
    assert not progress.sent_all


def test_no_progress_when_masscan_never_started() -> None:
    assert parse_progress(raw("no_adapter.stderr")) is None
    assert parse_progress(b"") is None


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("no_adapter.stderr", "[-] if:eth9:init: failed"),
        ("complete.stderr", "Scanning 3 hosts [65534 ports/host]"),
        ("complete.stdout", "Discovered open port 8080/tcp on 198.18.0.2"),
    ],
)
def test_last_message_skips_status_lines(name: str, message: str) -> None:
    assert last_message(raw(name)) == message


def test_last_message_of_nothing() -> None:
    assert last_message(b"") == ""
