"""Two scans of a host compared, over the stored history of tests/web/host_history.py: the states
as of each scan (ports of the newest port scan of each protocol, findings of the newest DONE run of
each check, findings of closed ports left out) and what differs between them."""

from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, Engine

from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from aucote.storage.queries.host_state import PortState
from aucote.web.serving import Missing
from aucote.web.views.host_diff import DiffQuery, HostDiff, HostDiffView, Resolution, host_diff_view
from tests.web.host_history import (
    BYTERANGE,
    FTP_ANON,
    HEADERS,
    HEARTBLEED,
    IP,
    UDP,
    store_history,
)


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = open_engine(f"sqlite:///{tmp_path_factory.mktemp('diff') / 'aucote.sqlite3'}")
    upgrade(engine)
    store_history(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(history: Engine) -> Iterator[Connection]:
    with history.connect() as opened:
        yield opened


def diff_of(connection: Connection, **query: int) -> HostDiff:
    view = host_diff_view(connection, IP, DiffQuery.model_validate(query))
    assert view.diff is not None
    return view.diff


def ports(found: list[PortState]) -> list[str]:
    return [f"{port.port}/{port.protocol}" for port in found]


def test_two_tools_runs(connection: Connection) -> None:
    diff = diff_of(connection, **{"from": 2, "to": 4})
    assert (diff.older.scan.id, diff.newer.scan.id) == (2, 4)
    assert ports(diff.opened) == ["443/6"]
    assert ports(diff.closed) == ["21/6"]
    assert [(s.port, s.before and s.before.version, s.after and s.after.version) for s in diff.services] == [
        (22, "8.0", "9.6")
    ]
    assert [(f.exploit_id, f.port, f.output) for f in diff.appeared] == [
        (HEARTBLEED, 443, "VULNERABLE: heartbleed")
    ]
    assert [(r.finding.exploit_id, r.finding.port, r.why) for r in diff.resolved] == [
        (FTP_ANON, 21, Resolution.PORT_CLOSED),
        (BYTERANGE, 80, Resolution.NOT_REPORTED),
    ]
    assert [(c.after.exploit_id, c.before.output, c.after.output) for c in diff.changed] == [
        (HEADERS, "no X-Frame-Options on /", "no X-Frame-Options on /admin")
    ]
    assert diff.uncovered == [] and not diff.empty


def test_as_of_a_port_scan_the_findings_of_earlier_checks_on_open_ports(connection: Connection) -> None:
    # As of tcp #1 no check had run; as of tcp #3 the checks of tools #2 count, but FTP's finding
    # not: its port is closed by then. The informational banner never counts.
    diff = diff_of(connection, **{"from": 1, "to": 3})
    assert [(f.exploit_id, f.port) for f in diff.appeared] == [(BYTERANGE, 80), (HEADERS, 80)]
    assert diff.resolved == [] and diff.changed == []
    assert ports(diff.opened) == ["443/6"] and ports(diff.closed) == ["21/6"]


def test_a_protocol_covered_on_one_side_only_is_named(connection: Connection) -> None:
    diff = diff_of(connection, **{"from": 4, "to": 5})
    assert ports(diff.opened) == [f"53/{UDP}"]
    assert diff.uncovered == [UDP]
    assert diff.appeared == diff.resolved == diff.services == []


def test_reversed_the_changes_turn_around(connection: Connection) -> None:
    diff = diff_of(connection, **{"from": 4, "to": 2})
    assert ports(diff.opened) == ["21/6"] and ports(diff.closed) == ["443/6"]
    assert [(f.exploit_id, f.port) for f in diff.appeared] == [(FTP_ANON, 21), (BYTERANGE, 80)]
    assert [(r.finding.exploit_id, r.why) for r in diff.resolved] == [(HEARTBLEED, Resolution.PORT_CLOSED)]


def test_the_same_scan_on_both_sides_shows_nothing(connection: Connection) -> None:
    assert diff_of(connection, **{"from": 3, "to": 3}).empty


def test_defaults_the_previous_scan_of_the_same_scanner(connection: Connection) -> None:
    diff = diff_of(connection, to=4)
    assert (diff.older.scan.id, diff.newer.scan.id) == (2, 4)
    newest = diff_of(connection)
    assert (newest.older.scan.id, newest.newer.scan.id) == (5, 5)  # the only udp scan


def test_the_scans_to_pick_from(connection: Connection) -> None:
    view: HostDiffView = host_diff_view(connection, IP, DiffQuery())
    assert [(scan.id, scan.scanner) for scan in view.scans] == [
        (5, "udp"), (4, "tools_basic"), (3, "tcp"), (2, "tools_basic"), (1, "tcp")
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "what"), [({"from": 99}, "Scan 99 (from)"), ({"to": 2**40}, f"Scan {2**40} (to)")]
)
def test_unknown_scans_are_missing(connection: Connection, query: dict[str, int], what: str) -> None:
    with pytest.raises(Missing) as missing:
        host_diff_view(connection, IP, DiffQuery.model_validate(query))
    assert missing.value.what == f"{what} of this host"


def test_unknown_host(connection: Connection) -> None:
    with pytest.raises(Missing):
        host_diff_view(connection, "192.0.2.99", DiffQuery())
