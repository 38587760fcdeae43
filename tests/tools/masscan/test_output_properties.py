"""Property: masscan's output parser reads any bytes (recorded runs damaged, status and discovery
lines made up) without raising; what it returns is well formed."""

from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from aucote.tools.masscan.output import Progress, last_message, parse_discovered, parse_progress
from tests.support.mutations import SETTINGS, mutated_bytes

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "masscan"
RECORDED = tuple(path.read_bytes() for path in sorted(FIXTURES.glob("*.std*")))

_NUMBER = st.from_regex(r"[0-9.\-]{1,8}", fullmatch=True)
_DISCOVERED = st.builds(
    "Discovered open port {}/{} on {}".format, _NUMBER, st.sampled_from(("tcp", "udp", "x")), _NUMBER
)
_STATUS = st.builds(
    "rate: {}-kpps, {}% done, {} found=3".format,
    _NUMBER,
    _NUMBER,
    st.sampled_from(("waiting {}-secs,", "{} remaining,")).flatmap(lambda form: _NUMBER.map(form.format)),
)
_MADE_UP = st.lists(_DISCOVERED | _STATUS | st.text(max_size=30), max_size=6).map(
    lambda lines: "\r\n".join(lines).encode()
)


@settings(**SETTINGS)
@given(mutated_bytes(RECORDED) | _MADE_UP)
@example(b"rate:  1.00-kpps, 1.2.3% done, waiting 1-secs, found=3")  # a percent float() refused
@example(b"rate:  1.00-kpps, .% done,   0:00:00 remaining, found=0")
def test_any_output_is_read_without_raising(output: bytes) -> None:
    for found in parse_discovered(output):
        assert 0 <= found.port <= 65535 and found.protocol
    progress = parse_progress(output)
    assert progress is None or isinstance(progress, Progress)
    assert "\r" not in last_message(output) and "\n" not in last_message(output)
