"""A FAKE of the Kubernetes API server, over TLS as on 6443: open = anonymous user allowed to list;
protected = RBAC refusing system:anonymous (403; /version stays public).

Built from the product's documented responses (tests/fixtures/fake_apis/kube-apiserver.json); no real
daemon can run on the test machines."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.daemons.fake_http_api import FakeApiServer, Mode, fake_api
from tests.support.daemons.fake_tls import tls_context


@contextmanager
def fake_kube_apiserver(
    workdir: Path, address: str, port: int = 0, mode: Mode = "open"
) -> Iterator[FakeApiServer]:
    """The fake on address:port (0: a free port) until the block ends."""
    with fake_api("kube-apiserver", address, port, mode, tls_context(workdir, address)) as server:
        yield server
