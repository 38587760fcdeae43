"""A whole scan (the pipeline `aucote scan` runs: nmap -sS -sV, check selection, the checks, storage)
of each broker daemon, in a vulnerable and a safe configuration: the finding on the first, none on
the second, the security scan DONE on both.

Each daemon listens on its standard port on a loopback address of its own (127.77.x.y), so the
entry is selected by port: nmap 7.93's -sV names none of these services on another port at its
default intensity (see docs/checks/exposed.md)."""

import json
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import Engine

from aucote.model.status import ScanStatus
from aucote.storage.tables import security_scans, vulnerabilities
from tests.engine.scanning import NEVER_SCANNED, loopback_ip, rows, run_scan, tcp_options
from tests.support.aucote_command import aucote_scan
from tests.support.daemons.etcd import etcd
from tests.support.daemons.mosquitto import mosquitto
from tests.support.daemons.nats import nats_server
from tests.support.daemons.zookeeper import zookeeper

MQTT_ANONYMOUS, NATS_NO_AUTH, ZOOKEEPER_4LW, ETCD_NO_AUTH, MQTT_SUBSCRIBE = 2520, 2521, 2522, 2523, 1058
QUICK_SV = 0
"""-sV at intensity 0: at nmap's default 7, etcd's unrecognised HTTP alone takes 88 s to identify."""

CASES = {
    "mqtt-open": (partial(mosquitto, anonymous=True), 1883, MQTT_ANONYMOUS, "High"),
    "mqtt-closed": (partial(mosquitto, anonymous=False), 1883, MQTT_ANONYMOUS, None),
    "mqtt-tls-open": (partial(mosquitto, anonymous=True, tls=True), 8883, MQTT_ANONYMOUS, "High"),
    "nats-open": (partial(nats_server, authorization=False), 4222, NATS_NO_AUTH, "High"),
    "nats-closed": (partial(nats_server, authorization=True), 4222, NATS_NO_AUTH, None),
    "zookeeper-open": (partial(zookeeper, whitelist="*"), 2181, ZOOKEEPER_4LW, "Medium"),
    "zookeeper-closed": (partial(zookeeper, whitelist=""), 2181, ZOOKEEPER_4LW, None),
    "etcd-open": (partial(etcd, authentication=False), 2379, ETCD_NO_AUTH, "High"),
    "etcd-closed": (partial(etcd, authentication=True), 2379, ETCD_NO_AUTH, None),
}


@pytest.fixture
def daemon(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, int]]:
    """The case's daemon on its standard port of a fresh loopback address."""
    start, port, _, _ = CASES[request.param]
    ip = loopback_ip()
    with start(tmp_path, ip, port):
        yield ip, port


def _findings(engine: Engine) -> list[tuple[int, str]]:
    return [(row.exploit_id, row.risk_level) for row in rows(engine, vulnerabilities)]


@pytest.mark.nmap
@pytest.mark.parametrize("daemon", list(CASES), indirect=True)
def test_scan_finds_the_exposure_only_when_open(
    daemon: tuple[str, int], request: pytest.FixtureRequest, scan_db: Engine
) -> None:
    ip, port = daemon
    _, _, exploit, risk = CASES[request.node.callspec.params["daemon"]]
    options = replace(tcp_options([ip], str(port), scripts=[exploit]), version_intensity=QUICK_SV)
    result = run_scan(scan_db, options)
    assert result.status is ScanStatus.DONE
    assert [(row.exploit_id, row.status, row.reason) for row in rows(scan_db, security_scans)] == [
        (exploit, "DONE", None)
    ]
    assert _findings(scan_db) == ([(exploit, risk)] if risk else [])


@pytest.mark.nmap
@pytest.mark.parametrize(("anonymous", "found"), [(True, True), (False, False)])
def test_nmap_mqtt_subscribe_is_a_finding_only_when_topics_are_shown(
    anonymous: bool, found: bool, tmp_path: Path, scan_db: Engine
) -> None:
    ip = loopback_ip()
    with mosquitto(tmp_path, ip, 1883, anonymous=anonymous):
        options = replace(tcp_options([ip], "1883", scripts=[MQTT_SUBSCRIBE]), version_intensity=QUICK_SV)
        result = run_scan(scan_db, options)
    assert result.status is ScanStatus.DONE
    assert [(row.exploit_id, row.status) for row in rows(scan_db, security_scans)] == [
        (MQTT_SUBSCRIBE, "DONE")
    ]
    assert _findings(scan_db) == ([(MQTT_SUBSCRIBE, "High")] if found else [])


CLI_CONFIG = """\
portdetection:
  tcp:
    ports: {{include: ['{port}'], exclude: ['{never}']}}
    version_intensity: 0
  tools_basic:
    scripts: [{script}]
"""


@pytest.mark.nmap
@pytest.mark.parametrize("anonymous", [True, False])
def test_aucote_scan_of_a_broker(anonymous: bool, tmp_path: Path) -> None:
    """The installed `aucote scan` command, as a user runs it."""
    ip = loopback_ip()
    config = tmp_path / "aucote.yaml"
    config.write_text(CLI_CONFIG.format(port=1883, never=NEVER_SCANNED, script=MQTT_ANONYMOUS))
    with mosquitto(tmp_path, ip, 1883, anonymous=anonymous):
        done = aucote_scan(
            ip, "--json", "--config", str(config), "--db", f"sqlite:///{tmp_path / 'db.sqlite3'}"
        )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["status"], result["checks"], result["problems"]) == ("DONE", {"DONE": 1}, [])
    found = [(f["exploit"]["name"], f["port"], f["risk_level"]) for f in result["findings"]]
    assert found == ([("mqtt-anonymous", 1883, "High")] if anonymous else [])
