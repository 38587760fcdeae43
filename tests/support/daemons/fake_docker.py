"""A FAKE of the Docker Engine API (dockerd): open = plain HTTP as on 2375; protected = TLS demanding a
client certificate, as `dockerd --tlsverify` on 2376.

Built from the product's documented responses (tests/fixtures/fake_apis/docker.json); no real
daemon can run on the test machines."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.daemons.fake_http_api import FakeApiServer, Mode, fake_api
from tests.support.daemons.fake_tls import tls_context


@contextmanager
def fake_docker(workdir: Path, address: str, port: int = 0, mode: Mode = "open") -> Iterator[FakeApiServer]:
    """The fake on address:port (0: a free port) until the block ends."""
    tls = tls_context(workdir, address, client_certificates=True) if mode == "protected" else None
    with fake_api("docker", address, port, mode, tls) as server:
        yield server
