"""Stale checks counted on a host's real stored history (tests/web/host_history.py): the newest run
of each (port, exploit) pair, by the scanner that ran it, against that scanner's cutoff. Newest
runs: FTP anonymous on 21 in scan 2 (2 March 02:00), the four others in scan 4 (22:00)."""

from sqlalchemy import Engine

from aucote.storage.queries.stale_checks import stale_checks
from tests.web.host_history import store_history
from tests.web.schedule_support import utc


def _count(engine: Engine, cutoffs: dict[str, float]) -> dict[str, int]:
    with engine.connect() as connection:
        return stale_checks(connection, cutoffs)


def test_only_pairs_whose_newest_run_is_before_the_cutoff_are_stale(engine: Engine) -> None:
    store_history(engine)
    assert _count(engine, {"tools_basic": utc(2, 12)}) == {"tools_basic": 1}  # ftp-anon only
    assert _count(engine, {"tools_basic": utc(3, 0)}) == {"tools_basic": 5}
    assert _count(engine, {"tools_basic": utc(2, 1)}) == {}


def test_older_runs_of_a_pair_do_not_count_and_other_scanners_are_not_read(engine: Engine) -> None:
    store_history(engine)
    # byterange on 80 ran at 02:10 and 22:10: with a cutoff at 22:00 only ftp-anon is stale.
    assert _count(engine, {"tools_basic": utc(2, 22)}) == {"tools_basic": 1}
    assert _count(engine, {"tools_advanced": utc(3, 0)}) == {}
    assert _count(engine, {}) == {}
