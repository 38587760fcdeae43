"""masscan in the pipeline: its candidates are verified by nmap before anything is recorded, and a
configuration without an adapter is refused before anything starts. masscan itself is replaced by
a recorded-format reply here (it cannot scan loopback); tests/engine/test_masscan_step.py runs the
real one in a namespace lab. nmap and the listening services are real."""

import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import Engine

from aucote.config.loader import load_settings
from aucote.engine.from_settings import masscan_options
from aucote.engine.options import MasscanOptions
from aucote.storage.tables import port_scans
from aucote.tools.fake_runner import fake_result
from aucote.tools.masscan.argv import MasscanRefused
from aucote.tools.result import ToolResult
from aucote.tools.runner import run_tool
from tests.engine.scanning import loopback_ip, rows, run_scan, tcp_options
from tests.support.ports import free_port

pytestmark = pytest.mark.nmap
FAKE_MASSCAN = "masscan-recorded"


@contextmanager
def listening(ip: str) -> Iterator[int]:
    """A small HTTP server (answers nmap's service detection quickly)."""
    server = ThreadingHTTPServer((ip, free_port(ip)), SimpleHTTPRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


def masscan_reply(ip: str, ports: Sequence[int]) -> Mapping[str, bytes]:
    lines = [f"Discovered open port {port}/tcp on {ip}" for port in ports]
    status = "rate:  0.00-kpps, 100.00% done, waiting 0-secs, found=2"
    return {"stdout": "\n".join(lines).encode() + b"\n", "stderr": status.encode()}


class MasscanThenNmap:
    """A runner answering the masscan command with a reply in masscan's format, nmap for real."""

    def __init__(self, reply: Mapping[str, bytes]) -> None:
        self.reply = reply
        self.masscan_calls: list[tuple[str, ...]] = []

    async def __call__(self, argv: Sequence[str], *, timeout: float, **kwargs: object) -> ToolResult:
        if argv[0] == FAKE_MASSCAN:
            self.masscan_calls.append(tuple(argv))
            return fake_result(argv, self.reply["stdout"], stderr=self.reply["stderr"])
        return await run_tool(argv, timeout=timeout)


def test_only_ports_nmap_confirms_are_recorded(engine: Engine) -> None:
    ip = loopback_ip()
    with listening(ip) as open_port:
        closed_port = free_port(ip)
        runner = MasscanThenNmap(masscan_reply(ip, [open_port, closed_port]))
        options = replace(
            tcp_options([f"{ip}/32"], "1-65535"),
            masscan=MasscanOptions(args=("--adapter", "lab0"), command=FAKE_MASSCAN, rate=1000, timeout=60),
            run_checks=False,
        )
        result = run_scan(engine, options, runner=runner)
    assert result.status.value == "DONE", result.reason
    assert len(runner.masscan_calls) == 1 and "--adapter" in runner.masscan_calls[0]
    assert {row.port for row in rows(engine, port_scans)} == {open_port}


def test_masscan_without_adapter_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "aucote.yaml"
    config.write_text("tools:\n  masscan:\n    enable: true\n    args: ['--rate', '100']\n")
    settings = load_settings(config, environ={}).settings
    with pytest.raises(MasscanRefused, match="--adapter"):
        masscan_options(settings, settings.portdetection.scanners["tcp"])
