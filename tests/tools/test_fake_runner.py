"""FakeRunner: the seam callers use instead of starting processes."""

import asyncio

import pytest

from aucote.tools.errors import ToolNotFound
from aucote.tools.fake_runner import FakeCall, FakeRunner, fake_result
from aucote.tools.result import ToolResult
from aucote.tools.runner import Runner


def test_records_calls_and_answers_bytes_as_stdout() -> None:
    fake = FakeRunner(lambda argv: b"<xml/>" if argv[0] == "nmap" else b"")
    runner: Runner = fake
    result = asyncio.run(runner(["nmap", "-n"], timeout=5, stdin=b"in"))
    assert result == ToolResult(("nmap", "-n"), 0, b"<xml/>", b"", result.started, result.ended, False)
    assert fake.calls == [FakeCall(("nmap", "-n"), 5, b"in", None)]


def test_passes_whole_results_through_and_raises_what_the_responder_raises() -> None:
    timed_out = fake_result(["nmap"], b"<nmaprun", returncode=-15, timed_out=True)
    assert asyncio.run(FakeRunner(lambda argv: timed_out)(["nmap"], timeout=1)) is timed_out

    def missing(argv: tuple[str, ...]) -> ToolResult:
        raise ToolNotFound(argv[0])

    with pytest.raises(ToolNotFound):
        asyncio.run(FakeRunner(missing)(["hydra"], timeout=1))


def test_default_answers_empty_output() -> None:
    assert asyncio.run(FakeRunner()(["x"], timeout=1)).stdout == b""
