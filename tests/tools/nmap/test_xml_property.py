"""Property: whatever bytes it is given — generated, or real recorded reports mutated — the parser
returns an NmapRun or raises its documented ParseError, never anything else."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aucote.tools.errors import ParseError
from aucote.tools.nmap.report import NmapRun, merged_hosts
from aucote.tools.nmap.xml import parse_nmap_xml
from tests.tools.nmap.recorded import FIXTURES

REPORTS = sorted(path.read_text() for path in FIXTURES.glob("*.xml"))
ATTRIBUTE = re.compile(r'="[^"]*"')


def _parses_or_refuses(data: str | bytes) -> None:
    try:
        run = parse_nmap_xml(data)
    except ParseError as error:
        assert str(error)
        return
    assert isinstance(run, NmapRun)
    merged_hosts(run.hosts)


@st.composite
def mutated_reports(draw: st.DrawFn) -> str:
    """A real report with some attribute values replaced by generated text, or cut short."""
    text = draw(st.sampled_from(REPORTS))
    spans = [m.span() for m in ATTRIBUTE.finditer(text)]
    for _ in range(draw(st.integers(1, 4))):
        start, end = draw(st.sampled_from(spans))
        value = draw(st.one_of(st.text(max_size=12), st.sampled_from(["", "x.x.x.x", "ip", "-1", "1e999"])))
        value = value.replace('"', "").replace("&", "").replace("<", "")
        text = text[: start + 2] + value + text[end - 1 :]
        spans = [m.span() for m in ATTRIBUTE.finditer(text)]
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_reports())
def test_a_mutated_real_report_parses_or_is_refused(text: str) -> None:
    _parses_or_refuses(text)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=200), st.text(max_size=200)))
def test_generated_input_parses_or_is_refused(data: bytes | str) -> None:
    _parses_or_refuses(data)
