"""A worker's route check, run where routes are few: inside a namespace lab host, whose only
network is the lab's /24 (no default route). The lab's gateway has a route; an address outside
the lab has none, and the error names the host, the worker and its zone."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.netns_lab import netns_lab

pytestmark = pytest.mark.netns

SRC = Path(__file__).parents[2] / "src"
PROBE = """
import sys
from ipaddress import ip_address
from aucote.queue.route import NoRoute, check_route
for ip in sys.argv[1:]:
    try:
        check_route(ip_address(ip), "w1", "dmz")
        print(ip, "route")
    except NoRoute as error:
        print(ip, error)
"""


def test_a_host_outside_the_workers_networks_has_no_route() -> None:
    with netns_lab(1) as lab:
        argv = lab.hosts[0].argv([sys.executable, "-c", PROBE, lab.gateway, "192.0.2.7"])
        done = subprocess.run(argv, capture_output=True, text=True, env={"PYTHONPATH": str(SRC)}, check=True)
    assert done.stdout.splitlines() == [
        f"{lab.gateway} route",
        "192.0.2.7 no route to 192.0.2.7 from worker w1 (Network is unreachable): is 192.0.2.7 in zone dmz?",
    ]
