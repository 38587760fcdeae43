"""The trend chart: polyline points on a round scale, one line per risk highest first with its own
dash pattern, axis labels, and the partial template rendered as valid SVG (title and description
referenced by aria-labelledby) with the numbers as a table, newest day first."""

from datetime import date, timedelta

from defusedxml.ElementTree import fromstring
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from aucote.model.status import RiskLevel
from aucote.storage.queries.daily_totals import DayTotal, Trend
from aucote.web.trend import Box, points, scale_top, trend_view

SVG = "{http://www.w3.org/2000/svg}"
LAST = date(2026, 3, 31)


def _trend(values: dict[RiskLevel, list[int]]) -> Trend:
    count = len(next(iter(values.values())))
    days = [LAST - timedelta(days=count - 1 - i) for i in range(count)]
    return {
        level: [
            DayTotal(day=day, open=v, opened=v if i == 0 else 0, resolved=0, recorded=i != 1)
            for i, (day, v) in enumerate(zip(days, series, strict=True))
        ]
        for level, series in values.items()
    }


def _render(trend: Trend) -> str:
    environment = Environment(
        loader=PackageLoader("aucote", "web/templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment.get_template("partials/trend.html").render(trend=trend_view(trend))


def test_points_spread_days_over_the_plot_and_values_up_to_the_top() -> None:
    box = Box(width=140, height=60, left=20, right=20, top=10, bottom=10)
    assert points([0, 5, 10], box, 10) == "20,50 70,30 120,10"
    assert points([3], box, 10) == "70,38"  # one day: in the middle


def test_the_scale_tops_at_a_round_number() -> None:
    assert [scale_top(n) for n in (0, 1, 2, 3, 7, 10, 11, 40, 51, 999)] == [
        1,
        1,
        2,
        5,
        10,
        10,
        20,
        50,
        100,
        1000,
    ]


def test_the_view_draws_each_risk_with_axes_and_text() -> None:
    view = trend_view(
        _trend({RiskLevel.LOW: [1, 1, 2], RiskLevel.MEDIUM: [0, 0, 0], RiskLevel.HIGH: [3, 4, 1]}),
        Box(width=140, height=60, left=20, right=20, top=10, bottom=10),
    )
    assert [(line.risk, line.points, line.last, line.dash) for line in view.lines] == [
        ("High", "20,26 70,18 120,42", 1, "none"),
        ("Medium", "20,50 70,50 120,50", 0, "6 3"),
        ("Low", "20,42 70,42 120,34", 2, "2 3"),
    ]
    assert [(tick.at, tick.label) for tick in view.y_ticks] == [(50.0, "0"), (34.0, "2"), (10.0, "5")]
    assert [(tick.at, tick.label) for tick in view.x_ticks] == [
        (20.0, "2026-03-29"),
        (70.0, "2026-03-30"),
        (120.0, "2026-03-31"),
    ]
    assert view.title == "Open findings per risk, last 3 days"
    assert (
        view.description
        == "From 2026-03-29 to 2026-03-31: High from 3 to 1; Medium from 0 to 0; Low from 1 to 2."
    )
    assert [(row.day, row.open, row.opened, row.resolved, row.recorded) for row in view.rows] == [
        ("2026-03-31", (1, 0, 2), 0, 0, True),
        ("2026-03-30", (4, 0, 1), 0, 0, False),
        ("2026-03-29", (3, 0, 1), 4, 0, True),
    ]


def test_the_partial_is_an_accessible_svg_with_a_data_table() -> None:
    html = _render(
        _trend({level: [i % 7 for i in range(90)] for level in RiskLevel if level is not RiskLevel.NONE})
    )
    svg = fromstring(html[html.index("<svg") : html.index("</svg>") + len("</svg>")])
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "trend-title trend-desc"
    assert svg.find(f"{SVG}title").text == "Open findings per risk, last 90 days"
    assert svg.find(f"{SVG}desc").text.startswith("From 2026-01-01 to 2026-03-31: High from 0 to ")
    lines = svg.findall(f"{SVG}polyline")
    assert [line.get("class") for line in lines] == [
        "trend-line trend-high",
        "trend-line trend-medium",
        "trend-line trend-low",
    ]
    assert all(len(line.get("points", "").split()) == 90 for line in lines)
    assert "style=" not in html and "<script" not in html
    table = html[html.index("<table>") : html.index("</table>") + len("</table>")]
    body = fromstring(table)
    assert [th.text for th in body.iter("th")][:6] == ["Day", "High", "Medium", "Low", "Opened", "Resolved"]
    rows = body.find("tbody").findall("tr")
    assert len(rows) == 90
    assert [cell.text for cell in rows[0]] == ["2026-03-31", "5", "5", "5", "0", "0"]
    assert rows[0][0].get("scope") == "row"
