"""The instruments the scan tests rely on: the namespace lab leaves nothing behind, and a contact
recorder does see a SYN scan, a connection and a ping aimed at what it watches."""

import socket
import subprocess
import time

import pytest

from tests.engine.scanning import loopback_ip
from tests.support.listeners import recording_listener
from tests.support.netns_lab import NETWORK, PREFIX, ip, leftovers, netns_lab
from tests.support.ports import wait_for_port

pytestmark = pytest.mark.netns


def _lab_processes() -> list[str]:
    listing = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=True).stdout
    return [line for line in listing.splitlines() if f"ip netns exec {PREFIX}" in line]


def test_a_lab_runs_twice_and_leaves_nothing_behind() -> None:
    for _run in range(2):
        with netns_lab(2) as lab:
            lab.http_server(lab.hosts[0], 8000)
            lab.ftp_server(lab.hosts[1], 21)
            assert leftovers() == (
                [f"{PREFIX}h2", f"{PREFIX}h3"],
                [f"{PREFIX}br0", f"{PREFIX}v2", f"{PREFIX}v3"],
            )
        assert leftovers() == ([], [])
        assert _lab_processes() == []


def test_a_failing_block_and_a_killed_run_leave_nothing_behind() -> None:
    ip("netns", "add", f"{PREFIX}stale")  # as if an earlier run had been killed
    with pytest.raises(RuntimeError), netns_lab(1) as lab:
        assert f"{PREFIX}stale" not in leftovers()[0]
        lab.http_server(lab.hosts[0], 8000)
        raise RuntimeError("the test failed")
    assert leftovers() == ([], [])


def test_lab_hosts_answer_only_inside_the_lab() -> None:
    with netns_lab(1) as lab:
        host = lab.hosts[0]
        lab.http_server(host, 8000)
        routes = subprocess.run(host.argv(["ip", "route"]), capture_output=True, text=True).stdout
        assert routes.split() == [
            NETWORK,
            "dev",
            "eth0",
            "proto",
            "kernel",
            "scope",
            "link",
            "src",
            host.ip,
        ]
        wait_for_port(host.ip, 8000)


@pytest.mark.nmap
def test_the_recorder_sees_a_syn_scan_and_a_connection() -> None:
    with recording_listener(loopback_ip()) as recorder:
        port = recorder.ports[0]
        subprocess.run(
            ["nmap", "-n", "-Pn", "-sS", "-p", str(port), recorder.ip], capture_output=True, check=True
        )
        socket.create_connection((recorder.ip, port)).close()
        time.sleep(0.3)
    kinds = [(contact.kind, contact.port) for contact in recorder.contacts]
    assert kinds.count(("packet", port)) >= 2  # SYN, then RST: no handshake ever completed
    assert ("connection", port) in kinds


@pytest.mark.nmap
def test_a_lab_recorder_sees_a_ping_of_its_host() -> None:
    with netns_lab(1) as lab:
        log = lab.recorder(lab.hosts[0], [22])
        assert lab.contacts(log) == []
        subprocess.run(["nmap", "-n", "-sn", lab.hosts[0].ip], capture_output=True, check=True)
        time.sleep(0.2)
        assert {contact.protocol for contact in lab.contacts(log)} & {"arp", "icmp", "tcp"}
