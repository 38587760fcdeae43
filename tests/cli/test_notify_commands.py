"""`aucote notify test` sends a signed sample of every event kind through a webhook channel (and
says which channel failed); `aucote notify status` shows what waits per channel."""

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from aucote.cli.main import build_app
from aucote.model.notification import EventKind
from aucote.notify.signing import HEADER, verify
from tests.support.ports import free_port
from tests.support.webhook_receiver import Received, webhook_receiver


def test_notify_test_sends_a_signed_sample_and_reports_each_channel(tmp_path: Path) -> None:
    received, config = Received(), tmp_path / "aucote.yaml"
    with webhook_receiver(received) as port:
        channels = {
            "hook": {"type": "webhook", "url": f"http://127.0.0.1:{port}/h", "secret": "k"},
            "gone": {"type": "slack", "url": f"http://127.0.0.1:{free_port()}/s"},
        }
        config.write_text(yaml.safe_dump({"notifications": {"channels": channels}}))
        result = CliRunner().invoke(build_app(), ["notify", "test", "--config", str(config)])
    assert result.exit_code == 1, result.output
    lines = sorted(result.output.splitlines())
    assert lines[1] == "hook: delivered"
    assert lines[0].startswith("gone: unreachable (ConnectError")
    [(headers, body, arrived)] = received.posts
    assert verify("k", headers[HEADER], body, now=arrived)
    events = json.loads(body)["events"]
    assert [event["event"] for event in events] == [kind.value for kind in EventKind]
    assert all(event["test"] is True for event in events)


def test_notify_status_of_an_empty_outbox(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    assert CliRunner().invoke(build_app(), ["db", "upgrade", "--db", db]).exit_code == 0
    result = CliRunner().invoke(build_app(), ["notify", "status", "--db", db])
    assert result.exit_code == 0 and "channel" in result.output
