"""The overview's trend chart: open findings per risk over the last days, drawn on the server as an
SVG polyline per risk (templates/partials/trend.html) from the stored daily totals
(storage.queries.daily_totals.trend), with the same numbers as a table for those who cannot see it.

Use: `trend_view(trend(connection, utc_day(now)))` and `{% include "partials/trend.html" %}` with
`trend` bound to the view."""

from collections.abc import Sequence
from dataclasses import dataclass

from aucote.model.status import RiskLevel
from aucote.storage.queries.daily_totals import DayTotal, Trend


@dataclass(frozen=True, slots=True, kw_only=True)
class Box:
    """The chart's size and the plot area inside it (room for the axis labels), in SVG units."""

    width: int = 640
    height: int = 180
    left: int = 40
    right: int = 8
    top: int = 10
    bottom: int = 22

    def x(self, index: int, count: int) -> float:
        """The x of point `index` of `count` spread over the plot's width."""
        span = self.width - self.left - self.right
        return self.left + (span * index / (count - 1) if count > 1 else span / 2)

    def y(self, value: int, top: int) -> float:
        """The y of `value` on a scale from 0 (bottom) to `top`."""
        span = self.height - self.top - self.bottom
        return self.height - self.bottom - span * value / max(top, 1)


@dataclass(frozen=True, slots=True, kw_only=True)
class Line:
    """One risk's polyline: its name, points ("x,y x,y …") and newest value."""

    risk: str
    points: str
    last: int
    dash: str
    """The line's dash pattern (SVG stroke-dasharray; "none" for solid): risks differ by shape,
    not by colour alone."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Tick:
    """A label on an axis at a position."""

    at: float
    label: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    """One day of the data table: open findings per risk (High, Medium, Low), opened and resolved."""

    day: str
    open: tuple[int, ...]
    opened: int
    resolved: int
    recorded: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class TrendView:
    """What the partial draws."""

    box: Box
    lines: list[Line]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    rows: list[Row]
    risks: list[str]
    title: str
    description: str


RISKS = (RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW)
"""Drawn and listed highest first."""
DASHES = {RiskLevel.HIGH: "none", RiskLevel.MEDIUM: "6 3", RiskLevel.LOW: "2 3"}


def points(values: Sequence[int], box: Box, top: int) -> str:
    """The SVG polyline points of `values` (one per day, oldest first) on a 0..`top` scale."""
    count = len(values)
    return " ".join(f"{_n(box.x(i, count)):g},{_n(box.y(v, top)):g}" for i, v in enumerate(values))


def scale_top(highest: int) -> int:
    """A round top for the y axis at or above `highest` (1, 2 or 5 times a power of ten; at least 1)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if factor * step >= highest:
                return max(factor * step, 1)
        step *= 10


def trend_view(trend: Trend, box: Box | None = None) -> TrendView:
    """The chart, axes, table and text of a trend."""
    box = box or Box()
    days = trend[RISKS[0]]
    top = scale_top(max((day.open for level in RISKS for day in trend[level]), default=0))
    lines = [_line(level, trend[level], box, top) for level in RISKS]
    y_ticks = [Tick(at=_n(box.y(value, top)), label=str(value)) for value in (0, top // 2, top)]
    return TrendView(
        box=box,
        lines=lines,
        y_ticks=_unique(y_ticks),
        x_ticks=_x_ticks(days, box),
        rows=_rows(trend),
        risks=[level.value for level in RISKS],
        title=f"Open findings per risk, last {len(days)} days",
        description=_description(trend, days),
    )


def _line(level: RiskLevel, series: list[DayTotal], box: Box, top: int) -> Line:
    values = [day.open for day in series]
    return Line(
        risk=level.value,
        points=points(values, box, top),
        last=values[-1] if values else 0,
        dash=DASHES[level],
    )


def _x_ticks(days: list[DayTotal], box: Box) -> list[Tick]:
    """The first, middle and last day."""
    if not days:
        return []
    picks = sorted({0, (len(days) - 1) // 2, len(days) - 1})
    return [Tick(at=_n(box.x(i, len(days))), label=days[i].day.isoformat()) for i in picks]


def _rows(trend: Trend) -> list[Row]:
    """One row per day, newest first."""
    days = trend[RISKS[0]]
    rows = []
    for index in range(len(days) - 1, -1, -1):
        totals = [trend[level][index] for level in RISKS]
        rows.append(
            Row(
                day=days[index].day.isoformat(),
                open=tuple(total.open for total in totals),
                opened=sum(total.opened for total in totals),
                resolved=sum(total.resolved for total in totals),
                recorded=any(total.recorded for total in totals),
            )
        )
    return rows


def _description(trend: Trend, days: list[DayTotal]) -> str:
    if not days:
        return "No days to show."
    changes = "; ".join(
        f"{level.value} from {trend[level][0].open} to {trend[level][-1].open}" for level in RISKS
    )
    return f"From {days[0].day.isoformat()} to {days[-1].day.isoformat()}: {changes}."


def _unique(ticks: list[Tick]) -> list[Tick]:
    seen: dict[str, Tick] = {}
    for tick in ticks:
        seen.setdefault(tick.label, tick)
    return list(seen.values())


def _n(value: float) -> float:
    """A coordinate rounded to a tenth (short markup)."""
    return round(value, 1)
