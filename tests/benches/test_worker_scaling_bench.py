"""The pieces of bench/worker_scaling_bench.py: the slow web service answers, but only after its
delay, and the bench's configuration is one Aucote accepts, with every tool on the workers."""

import time
from http.client import HTTPConnection
from pathlib import Path

from bench.slow_http import make_server
from bench.worker_scaling_bench import Lab, config, lab_hosts

from aucote.config.loader import load_settings
from tests.support.threaded_server import serving_in_thread

DELAY = 0.3


def test_the_slow_service_answers_after_its_delay() -> None:
    with serving_in_thread(make_server("127.0.43.250", 0, DELAY)) as server:
        connection = HTTPConnection("127.0.43.250", server.server_address[1], timeout=5)
        began = time.monotonic()
        connection.request("GET", "/")
        response = connection.getresponse()
        took = time.monotonic() - began
        connection.close()
    assert response.status == 200
    assert b"ok" in response.read()
    assert DELAY <= took < DELAY + 1.0


def test_the_bench_configuration_runs_every_tool_on_workers(tmp_path: Path) -> None:
    lab = Lab(hosts=lab_hosts(3), port=43080, delay=2.0)
    settings = load_settings(config(tmp_path / "aucote.yaml", 43081, lab)).settings
    assert (settings.workers.queue, settings.workers.local_worker) == ("procrastinate", False)
    tcp = settings.portdetection.scanners["tcp"]
    assert [str(network) for network in tcp.networks.include] == [
        "127.0.43.1/32",
        "127.0.43.2/32",
        "127.0.43.3/32",
    ]
    assert tcp.run_after == ["tools_basic"]
    assert "2024" in tcp.ports.exclude
