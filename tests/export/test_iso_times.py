"""IsoTimes writes what model.times.human writes, for whole seconds, microseconds rounded half to
even (up into the next second) and random times."""

import random

import pytest

from aucote.export.iso_times import IsoTimes
from aucote.model.times import human

EDGES = [0.0, 1.0, 1508504400.6845937, 1.9999995, 1.9999994999, 1700000000.0000005, 1700000000.0000015]


@pytest.mark.parametrize("value", EDGES)
def test_edges_as_human(value: float) -> None:
    assert IsoTimes().text(value) == human(value)


def test_random_times_as_human() -> None:
    generator = random.Random(13)
    times = IsoTimes()
    values = [generator.uniform(0, 2e9) for _ in range(20_000)]
    values += [generator.randint(0, 2**31) + generator.randint(0, 2_000_000) / 2e6 for _ in range(20_000)]
    assert [times.text(value) for value in values] == [human(value) for value in values]


def test_forget_keeps_the_text() -> None:
    times = IsoTimes()
    first = times.text(1508504400.5)
    times.forget()
    assert times.text(1508504400.5) == first == "2017-10-20T13:00:00.500000+00:00"
