"""End to end: a scan of a host exposing remote desktops and control-plane APIs (real Xvnc and Xvfb,
FAKES of Docker, kubelet, Kubernetes API server, Elasticsearch and CouchDB built from their
documented responses) finds each exposure; the same scan of a host with the safe configurations
finds none; every security scan is DONE on both. Services sit on their standard ports of a
loopback address of their own, so each check is selected by its port: `-sV` runs at intensity 0
(the fakes need not fool it; a fake left unidentified costs -sV 90 s). X11 is on 6000+N with a free
display N of 1-9, as X binds on every address: a protected X server is never identified by -sV
(see tests/support/daemons/x_display.py)."""

import dataclasses
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Literal

import pytest
from sqlalchemy import Engine

from aucote.engine.options import ToolOptions
from aucote.model.status import CheckStatus, ScanStatus
from aucote.storage.tables import security_scans, vulnerabilities
from tests.engine.scanning import loopback_ip, rows, run_scan, tcp_options
from tests.support.daemons.fake_couchdb import fake_couchdb
from tests.support.daemons.fake_docker import fake_docker
from tests.support.daemons.fake_elasticsearch import fake_elasticsearch
from tests.support.daemons.fake_kube_apiserver import fake_kube_apiserver
from tests.support.daemons.fake_kubelet import fake_kubelet
from tests.support.daemons.x_display import LOW_DISPLAYS, X11_BASE, free_display
from tests.support.daemons.xvfb import xvfb
from tests.support.daemons.xvnc import xvnc

pytestmark = pytest.mark.nmap

VNC, X11_ACCESS = 2565, 1107
DOCKER, KUBELET, KUBE_API, ELASTIC, COUCH = range(2560, 2565)
Mode = Literal["open", "protected"]


def _host(stack: ExitStack, workdir: Path, mode: Mode) -> tuple[str, dict[int, int]]:
    """The services of one host in `mode`: exploit id -> port."""
    ip = loopback_ip()
    fakes = {KUBELET: (fake_kubelet, 10250), KUBE_API: (fake_kube_apiserver, 6443)}
    fakes |= {ELASTIC: (fake_elasticsearch, 9200), COUCH: (fake_couchdb, 5984)}
    fakes[DOCKER] = (fake_docker, 2375 if mode == "open" else 2376)
    ports = {VNC: stack.enter_context(xvnc(_dir(workdir, "vnc"), ip, 5900, mode))}
    ports[X11_ACCESS] = stack.enter_context(
        xvfb(_dir(workdir, "x11"), ip, X11_BASE + free_display(LOW_DISPLAYS), mode)
    )
    for exploit, (fake, port) in fakes.items():
        ports[exploit] = stack.enter_context(fake(_dir(workdir, str(exploit)), ip, port, mode)).port
    return ip, ports


def _dir(workdir: Path, name: str) -> Path:
    path = workdir / name
    path.mkdir()
    return path


@pytest.fixture(params=["open", "protected"])
def host(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Mode, str, dict[int, int]]]:
    with ExitStack() as stack:
        yield (request.param, *_host(stack, tmp_path, request.param))


def test_scan_finds_each_exposure_and_nothing_on_the_safe_host(
    engine: Engine, host: tuple[Mode, str, dict[int, int]]
) -> None:
    mode, ip, ports = host
    tools = {"nmap": ToolOptions(timeout=60), "aucote-exposed": ToolOptions(timeout=20)}
    options = tcp_options([ip], ",".join(map(str, ports.values())), scripts=sorted(ports), tools=tools)
    result = run_scan(engine, dataclasses.replace(options, version_intensity=0))
    assert (result.status, result.problems) == (ScanStatus.DONE, [])
    scan = result.scan_ids["tools_basic"]
    checks = rows(engine, security_scans, security_scans.c.scan_id == scan)
    assert {(row.exploit_id, row.port) for row in checks} == set(ports.items())
    assert {row.status for row in checks} == {CheckStatus.DONE}, [
        (r.exploit_id, r.reason, r.detail) for r in checks
    ]
    found = rows(engine, vulnerabilities, vulnerabilities.c.scan_id == scan)
    expected = set(ports.items()) if mode == "open" else set()
    assert {(row.exploit_id, row.port) for row in found} == expected
