"""What the login checks' tests share: a port at any address, and `aucote scan --profile advanced
--json` (the installed command) of one port running one exploit, whose result they read."""

import json
from ipaddress import ip_address
from pathlib import Path
from typing import Any

from aucote.model.protocol import Protocol
from aucote.model.target import Node, Port, Service
from tests.engine.scanning import NEVER_SCANNED
from tests.support.aucote_command import aucote_scan

CONFIG = """\
portdetection:
  tcp:
    ports: {{include: ['{port}'], exclude: ['{never}']}}
  tools_advanced:
    scripts: [{exploit}]
"""


def port_at(address: str, number: int, service: str | None = None) -> Port:
    """A TCP port of `address`, as the engine hands it to a check."""
    return Port(
        Node(1, ip_address(address)), number, Protocol.TCP, Service(name=service) if service else None
    )


def scan(tmp_path: Path, address: str, port: int, exploit: int) -> dict[str, Any]:
    """The JSON result of `aucote scan ADDRESS --profile advanced` on `port` with only `exploit`."""
    config = tmp_path / "aucote.yaml"
    config.write_text(CONFIG.format(port=port, never=NEVER_SCANNED, exploit=exploit))
    database = f"sqlite:///{tmp_path / 'aucote.sqlite3'}"
    done = aucote_scan(address, "--profile", "advanced", "--json", "--config", str(config), "--db", database)
    assert done.returncode == 0, done.stdout + done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    assert (result["status"], result["open_ports"], result["checks"]) == ("DONE", 1, {"DONE": 1}), result
    return result


def findings_of(result: dict[str, Any], exploit: int) -> list[dict[str, Any]]:
    """The findings of `exploit` in a scan result."""
    return [finding for finding in result["findings"] if finding["exploit"]["id"] == exploit]
