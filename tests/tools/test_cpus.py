import os

from aucote.tools.cpus import tool_cpus


def test_the_lowest_numbered_cpus_are_reserved() -> None:
    assert tool_cpus(1, frozenset({0, 1})) == frozenset({1})
    assert tool_cpus(2, frozenset({5, 3, 4, 6})) == frozenset({5, 6})
    assert tool_cpus(1, frozenset({7, 2, 9})) == frozenset({7, 9})


def test_nothing_is_reserved_when_tools_would_have_no_cpu_left() -> None:
    assert tool_cpus(1, frozenset({0})) is None
    assert tool_cpus(4, frozenset({0, 1, 2, 3})) is None


def test_zero_reserves_nothing() -> None:
    assert tool_cpus(0, frozenset({0, 1, 2})) is None


def test_by_default_the_cpus_this_process_may_use_count() -> None:
    mine = os.sched_getaffinity(0)
    assert tool_cpus(len(mine)) is None
    expected = frozenset(sorted(mine)[1:]) or None
    assert tool_cpus(1) == expected
