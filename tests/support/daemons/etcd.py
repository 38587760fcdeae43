"""An etcd of its own (one member, own data dir, client and peer URLs on the given address) holding a
few keys, with authentication enabled (user root) or not."""

import base64
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.support.daemons.programs import program
from tests.support.ports import free_port, serving

KEYS = {"/app/db/password": "s3cret", "/app/config": "debug=false", "/registry/nodes/a": "{}"}
ROOT_PASSWORD = "aucote-test-secret"


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def argv(workdir: Path, address: str, port: int) -> list[str]:
    """etcd's command line: a single member named aucote."""
    client, peer = f"http://{address}:{port}", f"http://{address}:{free_port(address)}"
    return [
        program("etcd"), "--name", "aucote", "--data-dir", str(workdir / "etcd-data"),
        "--listen-client-urls", client, "--advertise-client-urls", client,
        "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
        "--initial-cluster", f"aucote={peer}", "--log-level", "error",
    ]  # fmt: skip


def populate(client: httpx.Client, *, authentication: bool) -> None:
    """Write KEYS through the v3 JSON gateway; then enable authentication (user and role root)."""
    for key, value in KEYS.items():
        client.post("/v3/kv/put", json={"key": _b64(key), "value": _b64(value)}).raise_for_status()
    if authentication:
        client.post("/v3/auth/user/add", json={"name": "root", "password": ROOT_PASSWORD}).raise_for_status()
        client.post("/v3/auth/role/add", json={"name": "root"}).raise_for_status()
        client.post("/v3/auth/user/grant", json={"user": "root", "role": "root"}).raise_for_status()
        client.post("/v3/auth/enable", json={}).raise_for_status()


@contextmanager
def etcd(workdir: Path, address: str, port: int, *, authentication: bool) -> Iterator[None]:
    """etcd serving clients on address:port until the block ends."""
    with serving(argv(workdir, address, port), port, host=address, timeout=20):
        with httpx.Client(base_url=f"http://{address}:{port}", timeout=10) as client:
            populate(client, authentication=authentication)
        yield
