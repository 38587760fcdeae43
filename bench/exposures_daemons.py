"""The exposure benchmark's registry: every daemon helper of tests/support/daemons/ it can run, the
port it listens on in the lab, how to start it vulnerable or safe, and the exploits it proves.

A daemon whose helper module (or function) is not there yet is reported "not built yet" and left out,
so the benchmark runs at any moment of issue 11's work."""

import importlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

Start = Callable[[Any, Path, str, int, bool], AbstractContextManager[object]]
"""(the helper's function, workdir, address, port, vulnerable) -> the running daemon."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Daemon:
    """One daemon of the lab hosts."""

    name: str
    module: str
    function: str
    port: int
    proves: tuple[tuple[str, str], ...]
    """(app, name) of the exploits that must find the vulnerable configuration."""
    start: Start
    safe_port: int | None = None
    """The safe host's port, when it cannot be `port` (None: the same)."""
    udp: bool = False
    user: str | None = None
    """The daemon's own user, when it must own its workdir (mysql, postgres)."""

    def port_for(self, vulnerable: bool) -> int:
        """Its port on the vulnerable or on the safe host."""
        return self.port if vulnerable or self.safe_port is None else self.safe_port

    @property
    def ports(self) -> tuple[int, ...]:
        """Its ports on both hosts."""
        return (self.port,) if self.safe_port is None else (self.port, self.safe_port)

    @property
    def label(self) -> str:
        """`name port/proto`."""
        return f"{self.name} {'|'.join(map(str, self.ports))}/{'udp' if self.udp else 'tcp'}"


def _exposed(*names: str) -> tuple[tuple[str, str], ...]:
    return tuple(("aucote-exposed", name) for name in names)


def _mode(vulnerable: bool) -> str:
    return "open" if vulnerable else "protected"


DAEMONS: tuple[Daemon, ...] = (
    Daemon(
        name="mariadb",
        module="mariadb",
        function="mariadb",
        port=3306,
        proves=_exposed("mysql-empty-password"),
        user="mysql",
        # The scanner comes from the lab's gateway, not localhost: only ''@'%' reaches it.
        start=lambda f, w, a, p, v: f(w, a, p, root="no-password" if v else "socket", anonymous=v),
    ),
    Daemon(
        name="postgresql",
        module="postgresql",
        function="postgresql",
        port=5432,
        proves=_exposed("postgres-no-password"),
        user="postgres",
        start=lambda f, w, a, p, v: f(w, a, p, host_auth="trust" if v else "scram-sha-256"),
    ),
    Daemon(
        name="rabbitmq",
        module="rabbitmq",
        function="rabbitmq",
        port=5672,
        proves=_exposed("amqp-guest-login"),
        start=lambda f, w, a, p, v: f(w, a, p, guest_remote=v),
    ),
    Daemon(
        name="mosquitto",
        module="mosquitto",
        function="mosquitto",
        port=1883,
        proves=_exposed("mqtt-anonymous"),
        start=lambda f, w, a, p, v: f(w, a, p, anonymous=v),
    ),
    Daemon(
        name="nats-server",
        module="nats",
        function="nats_server",
        port=4222,
        proves=_exposed("nats-no-auth"),
        start=lambda f, w, a, p, v: f(w, a, p, authorization=not v),
    ),
    Daemon(
        name="zookeeper",
        module="zookeeper",
        function="zookeeper",
        port=2181,
        proves=_exposed("zookeeper-four-letter-words"),
        start=lambda f, w, a, p, v: f(w, a, p, whitelist="*" if v else ""),
    ),
    Daemon(
        name="etcd",
        module="etcd",
        function="etcd",
        port=2379,
        proves=_exposed("etcd-no-auth"),
        start=lambda f, w, a, p, v: f(w, a, p, authentication=not v),
    ),
    Daemon(
        name="slapd",
        module="slapd",
        function="slapd",
        port=389,
        proves=_exposed("ldap-anonymous-read"),
        start=lambda f, w, a, p, v: f(w, a, p, anonymous_read=v),
    ),
    Daemon(
        name="samba",
        module="smbd",
        function="smbd",
        port=445,
        proves=(*_exposed("smb-anonymous-shares"), ("nmap", "smb-protocols"), ("nmap", "smb2-security-mode")),
        start=lambda f, w, a, p, v: f(w, a, p, vulnerable=v),
    ),
    Daemon(
        name="rsync",
        module="rsyncd",
        function="rsyncd",
        port=873,
        proves=_exposed("rsync-open-modules"),
        start=lambda f, w, a, p, v: f(w, a, p, open_modules=v),
    ),
    Daemon(
        name="tftpd-hpa",
        module="tftpd",
        function="tftpd",
        port=69,
        udp=True,
        proves=_exposed("tftp-readable"),
        start=lambda f, w, a, p, v: f(w, a, p, with_files=v),
    ),
    Daemon(
        name="telnetd",
        module="telnetd",
        function="telnetd",
        port=23,
        proves=_exposed("telnet-cleartext-login"),
        # The safe configuration is no Telnet daemon: another plain-text service on the port.
        start=lambda f, w, a, p, v: f(w, a, p) if v else _module("telnetd").not_telnet(a, p),
    ),
    Daemon(
        name="Xvnc",
        module="xvnc",
        function="xvnc",
        port=5900,
        proves=_exposed("vnc-no-auth"),
        start=lambda f, w, a, p, v: f(w, a, p, mode=_mode(v)),
    ),
    Daemon(
        name="Xvfb",
        module="xvfb",
        function="xvfb",
        # Displays 0 and 1: an X server's lock file (/tmp/.X<N>-lock) is seen from every namespace, so
        # the two hosts cannot both take display 0 (the tests take displays 40-60).
        port=6000,
        safe_port=6001,
        proves=(("nmap", "x11-access"),),
        start=lambda f, w, a, p, v: f(w, a, p, mode=_mode(v)),
    ),
    Daemon(
        name="docker (fake)",
        module="fake_docker",
        function="fake_docker",
        # Protected = TLS demanding a client certificate, as dockerd --tlsverify on its port 2376.
        port=2375,
        safe_port=2376,
        proves=_exposed("docker-api-no-auth"),
        start=lambda f, w, a, p, v: f(w, a, p, mode=_mode(v)),
    ),
    Daemon(
        name="kubelet (fake)",
        module="fake_kubelet",
        function="fake_kubelet",
        port=10250,
        proves=_exposed("kubelet-no-auth"),
        start=lambda f, w, a, p, v: f(w, a, p, mode=_mode(v)),
    ),
    Daemon(
        name="kube-apiserver (fake)",
        module="fake_kube_apiserver",
        function="fake_kube_apiserver",
        port=6443,
        proves=_exposed("kubernetes-api-no-auth"),
        start=lambda f, w, a, p, v: f(w, a, p, mode=_mode(v)),
    ),
    Daemon(
        name="elasticsearch (fake)",
        module="fake_elasticsearch",
        function="fake_elasticsearch",
        port=9200,
        proves=_exposed("elasticsearch-no-auth"),
        start=lambda f, w, a, p, v: f(w, a, p, mode=_mode(v)),
    ),
    Daemon(
        name="couchdb (fake)",
        module="fake_couchdb",
        function="fake_couchdb",
        port=5984,
        proves=_exposed("couchdb-no-auth"),
        start=lambda f, w, a, p, v: f(w, a, p, mode=_mode(v)),
    ),
)
BY_NAME = {daemon.name: daemon for daemon in DAEMONS}


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"tests.support.daemons.{name}")


def helper(daemon: Daemon) -> Callable[..., AbstractContextManager[object]] | None:
    """The daemon's start/stop helper, or None when it is not built yet."""
    try:
        function = getattr(_module(daemon.module), daemon.function, None)
    except ImportError:
        return None
    return function if callable(function) else None


def built() -> tuple[list[Daemon], list[Daemon]]:
    """(the daemons whose helper exists, those not built yet)."""
    ready = [daemon for daemon in DAEMONS if helper(daemon) is not None]
    return ready, [daemon for daemon in DAEMONS if daemon not in ready]
