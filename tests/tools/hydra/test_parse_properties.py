"""Property: hydra's output parser reads any bytes (recorded runs damaged, success lines made up)
without raising."""

from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from aucote.tools.hydra.parse import error_lines, parse_found
from tests.support.mutations import SETTINGS, mutated_bytes

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "hydra"
RECORDED = tuple(path.read_bytes() for path in sorted(FIXTURES.glob("*.std*")))

_SUCCESS = st.builds(
    "[{}][{}] host: {}   login: {}   password: {}".format,
    st.from_regex(r"[0-9]{1,12}", fullmatch=True),
    st.from_regex(r"[\w-]{1,8}", fullmatch=True),
    st.text(max_size=10),
    st.text(max_size=10),
    st.text(max_size=10),
)
_MADE_UP = st.lists(_SUCCESS | st.text(max_size=30), max_size=5).map(lambda lines: "\n".join(lines).encode())


@settings(**SETTINGS)
@given(mutated_bytes(RECORDED) | _MADE_UP)
@example(b"[" + b"9" * 5000 + b"][ftp] host: 127.0.0.1   login: a   password: b")  # int() digit limit
def test_any_output_is_read_without_raising(output: bytes) -> None:
    for credential in parse_found(output):
        assert credential.port >= 0 and credential.module and credential.host
    assert all(line.startswith("[ERROR]") for line in error_lines(output))
