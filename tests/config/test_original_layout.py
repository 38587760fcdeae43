"""A configuration written for the original Aucote loads, with warnings for what this version drops."""

from ipaddress import ip_network
from pathlib import Path

import yaml

from aucote.config.check import check_config
from aucote.config.loader import load_settings

ORIGINAL = Path(__file__).parent / "data" / "original_aucote_cfg.yaml"


def test_the_original_layout_loads() -> None:
    settings = load_settings(ORIGINAL, environ={}).settings
    assert settings.service.api.v1.host == "0.0.0.0"
    assert settings.service.api.password is not None
    scanners = settings.portdetection.scanners
    assert scanners["tcp"].networks.include == [ip_network("10.0.0.0/16"), ip_network("192.168.1.0/24")]
    assert scanners["tcp"].ports.exclude == ["9100"]
    assert scanners["tcp"].live_scan.min_time_gap == 7200
    assert scanners["tools_basic"].networks.include == [ip_network("0.0.0.0/0")]
    assert scanners["tools_basic"].scripts == [1, 2, 3, 4, 5, 31, 141, 142, 143, 170, 172]
    assert scanners["tools_advanced"].name == "Advanced scan"
    assert "sctp" not in scanners
    assert settings.tools.by_name["nmap"].timeout == 7200
    assert settings.tools.by_name["hydra"].model_extra == {
        "loginfile": "static/logins.hydra.txt",
        "passwordfile": "static/passwords.hydra.txt",
        "disable_services": ["vnc", "http", "https"],
    }
    assert not settings.tools.enabled("skipfish")


def test_the_originals_private_keys_are_reported() -> None:
    loaded = load_settings(ORIGINAL, environ={})
    ignored = [warning.split(": ")[1] for warning in loaded.warnings]
    assert ignored == [
        "topdis", "toucan", "kuduworker", "rabbit", "tcpportscan", "tftp", "pid_file", "default_config",
        "fixtures", "storage.max_nodes_query", "storage.fresh_start", "logging.root", "logging.storage",
        "service.scans.task_politic", "portdetection.sctp", "portdetection.tcp.scan_devices",
        "portdetection.udp.scan_devices", "portdetection.tools_basic.scan_devices",
        "portdetection.tcp.status", "storage.db",
    ]  # fmt: skip
    assert loaded.database_url == "postgresql://aucote:aucote@postgres:5432/aucote"


def test_check_masks_every_password_of_the_original() -> None:
    text = check_config(ORIGINAL, environ={})
    data = yaml.safe_load(text)
    assert data["tools"]["common"]["active-directory"]["password"] == "***"
    assert "ad-secret" not in text and ":aucote@" not in text
