"""The API in a process of its own: a child of the service serving the port the service bound,
restarted when it dies, gone when the service dies (even by kill -9); a port in use is named."""

import errno
import os
import signal
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import yaml

from aucote.allocator_relaunch import MMAP_THRESHOLD, THRESHOLD
from aucote.config.sessions import LoginSettings, SessionsSettings
from aucote.live.cpu_slice import API_SLICE_US
from aucote.model.access import AuditAction, Role
from aucote.scheduling import api_process
from aucote.scheduling.api_process import listen
from tests.api.access_support import local_port
from tests.scheduling.service_process import (
    Service,
    alive,
    api_port,
    process_environ,
    processes,
    running_service,
    service_config,
)
from tests.support.ports import free_port

pytestmark = [pytest.mark.nmap]


def api_children(service_pid: int) -> list[int]:
    """Live processes whose parent is the service and whose command is the API process."""
    return [
        process.pid
        for process in processes()
        if process.parent == service_pid and b"aucote.api.process" in b" ".join(process.argv)
    ]


def _answers(service: Service) -> bool:
    try:
        return service.get("/scanner/tcp")["scan"] == "tcp"
    except Exception:
        return False


@contextmanager
def service_with_api(folder: Path, port: int) -> Iterator[tuple[Service, int]]:
    """A real service on `port`, once its API process runs: the service and that process's pid."""
    config = service_config(folder / "aucote.yaml", port, 9, "60s")
    with running_service(config, f"sqlite:///{folder / 'db.sqlite3'}", port, folder / "log") as service:
        service.wait("the API process", lambda: len(api_children(service.proc.pid)) == 1)
        [child] = api_children(service.proc.pid)
        yield service, child


def test_the_api_is_a_child_process_restarted_when_it_dies(tmp_path: Path) -> None:
    with service_with_api(tmp_path, api_port()) as (service, first):
        assert first != service.proc.pid
        assert process_environ(first)[THRESHOLD] == MMAP_THRESHOLD  # inherited from the service
        assert service.get("/scanner/tcp")["status"] == "IDLE"  # live state crosses the local socket
        os.kill(first, signal.SIGKILL)
        service.wait("a new API process", lambda: api_children(service.proc.pid) not in ([], [first]))
        service.wait("the API to answer again", lambda: _answers(service))
        assert "API process exited with -9; restarting it" in service.output()
        assert service.proc.poll() is None
        [second] = api_children(service.proc.pid)
    assert not alive(second)  # stopped with the service (SIGTERM)


def slices_ns(pid: int) -> set[int | None]:
    """The scheduler slice of every thread of `pid` (None where the kernel shows none: before
    EEVDF)."""
    found: set[int | None] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        lines = (task / "sched").read_text().splitlines()
        found.add(next((int(line.split()[-1]) for line in lines if line.startswith("se.slice")), None))
    return found


def test_only_the_api_process_asks_for_a_short_cpu_slice(tmp_path: Path) -> None:
    with service_with_api(tmp_path, api_port()) as (service, api):
        service.wait("the API to answer", lambda: _answers(service))
        if slices_ns(service.proc.pid) == {None}:  # a kernel before EEVDF: no slices to see
            assert slices_ns(api) == {None}
            return
        assert slices_ns(api) == {API_SLICE_US * 1000}
        assert API_SLICE_US * 1000 not in slices_ns(service.proc.pid)


def test_the_api_process_ends_when_the_service_is_killed(tmp_path: Path) -> None:
    port = api_port()
    with service_with_api(tmp_path, port) as (service, child):
        service.proc.kill()
        service.proc.wait()
        deadline = time.monotonic() + 15
        while alive(child) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(child)
    with socket.create_server(("127.0.0.1", port)):  # the port is free again
        pass


def test_listen_retries_a_port_in_use_then_names_the_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()
    with socket.create_server(("127.0.0.1", port)):
        began = time.monotonic()
        with pytest.raises(OSError) as raised:
            listen("127.0.0.1", port, patience=0.6)
        assert time.monotonic() - began >= 0.6
    assert raised.value.errno == errno.EADDRINUSE
    monkeypatch.setattr(api_process, "BIND_PATIENCE", 0.0)
    with listen("127.0.0.1", port) as listener:
        assert listener.getsockname() == ("127.0.0.1", port)
        assert listener.get_inheritable()


def test_the_service_command_names_a_port_in_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from aucote.cli.main import build_app

    port = free_port()
    config = service_config(tmp_path / "aucote.yaml", port, 9, "60s")
    monkeypatch.setattr(api_process, "BIND_PATIENCE", 0.2)
    with socket.create_server(("127.0.0.1", port)):
        result = CliRunner().invoke(
            build_app(), ["service", "--config", str(config), "--db", f"sqlite:///{tmp_path / 'd'}"]
        )
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port} (service.api.v1.host/port)" in result.output
    assert "Address already in use" in result.output


def test_the_api_process_gets_the_login_settings(tmp_path: Path) -> None:
    """service.api.sessions and .login reach the API process (as JSON), which serves the login page."""
    config = service_config(tmp_path / "aucote.yaml", api_port(), 9, "60s")
    data = yaml.safe_load(config.read_text())
    data["service"]["api"]["sessions"] = {"idle_timeout": "5m", "absolute_timeout": "1h"}
    data["service"]["api"]["login"] = {"max_user_failures": 3, "lockout": "2m"}
    config.write_text(yaml.safe_dump(data))
    port = data["service"]["api"]["v1"]["port"]
    with running_service(config, f"sqlite:///{tmp_path / 'db.sqlite3'}", port, tmp_path / "log") as service:
        service.wait("the API process", lambda: len(api_children(service.proc.pid)) == 1)
        [child] = [process for process in processes() if process.pid in api_children(service.proc.pid)]
        argv = [part.decode() for part in child.argv]
        sessions = SessionsSettings.model_validate_json(argv[argv.index("--sessions") + 1])
        login = LoginSettings.model_validate_json(argv[argv.index("--login") + 1])
        assert sessions == SessionsSettings(idle_timeout=300.0, absolute_timeout=3600.0)
        assert (login.max_user_failures, login.lockout, login.max_address_failures) == (3, 120.0, 20)
        service.wait("the API to answer", lambda: _answers(service))
        page = httpx.get(f"http://127.0.0.1:{port}/login", timeout=10)
        assert page.status_code == 200
        assert 'action="/login"' in page.text


def test_the_api_process_applies_public_read_and_audits_control(tmp_path: Path) -> None:
    import yaml

    from aucote.storage.database import open_engine
    from aucote.storage.migrate import upgrade
    from aucote.storage.queries.audit import AuditFilter, list_audit
    from aucote.storage.queries.paging import Window
    from tests.api.access_support import add_user

    port, db = local_port(), f"sqlite:///{tmp_path / 'db.sqlite3'}"
    engine = open_engine(db)
    upgrade(engine)
    add_user(engine, "vera", Role.VIEWER)  # a user exists: reads need a credential
    config = service_config(tmp_path / "aucote.yaml", port, 9, "60s")
    with running_service(config, db, port, tmp_path / "log") as service:
        service.wait("the API process", lambda: service.api.get("/scans").status_code == 401)
        assert service.api.get("/../../metrics").status_code == 401
        settings = yaml.safe_load(config.read_text())
        settings["service"]["api"]["public_read"] = True
        settings["service"]["metrics"] = {"public": True}
        config.write_text(yaml.safe_dump(settings))
        service.proc.send_signal(signal.SIGHUP)  # a new API process, with --public-read
        service.wait("reads opened by public_read", lambda: service.api.get("/scans").status_code == 200)
        assert service.api.get("/../../metrics").status_code == 200  # --public-metrics
        assert service.api.get("/audit").status_code == 401  # public_read opens reads only
        assert service.post("/scanner/tcp/stop", token=None).status_code == 401
        assert service.post("/scanner/tcp/stop").status_code == 409  # the password: an admin
    with engine.connect() as connection:
        [entry] = list_audit(connection, AuditFilter(target="tcp"), Window(10, 0)).rows
    engine.dispose()
    assert (entry.actor, entry.address, entry.action, entry.detail) == (
        "service.api.password",
        "127.0.0.1",
        AuditAction.SCANNER_STOP,
        "idle",
    )
