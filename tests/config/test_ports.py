import pytest

from aucote.config.ports import parse_port_spec


@pytest.mark.parametrize(
    ("text", "ranges"),
    [
        ("0-65535", [(None, 0, 65535)]),
        ("22", [(None, 22, 22)]),
        ("22,80,443", [(None, 22, 22), (None, 80, 80), (None, 443, 443)]),
        ("22, 80", [(None, 22, 22), (None, 80, 80)]),
        ("T:80,U:53", [("T", 80, 80), ("U", 53, 53)]),
        ("U:53,111,T:21-25", [("U", 53, 53), ("U", 111, 111), ("T", 21, 25)]),
        ("t:80", [("T", 80, 80)]),
        ("-1024", [(None, 1, 1024)]),
        ("60000-", [(None, 60000, 65535)]),
        ("-", [(None, 1, 65535)]),
    ],
)
def test_parse_port_spec_reads_nmap_syntax(text: str, ranges: list[tuple[str | None, int, int]]) -> None:
    assert parse_port_spec(text) == ranges


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("65536", "port 65536 is above 65535"),
        ("100-10", "ends before it starts"),
        ("22,,80", "'' is not a port or a range"),
        ("http", "'http' is not a port or a range"),
        ("X:80", "unknown protocol prefix 'X:'"),
        ("T:", "'' is not a port or a range"),
        ("", "'' is not a port or a range"),
    ],
)
def test_parse_port_spec_refuses_bad_lists(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=r"invalid port list|unknown protocol") as caught:
        parse_port_spec(text)
    assert problem in str(caught.value)
