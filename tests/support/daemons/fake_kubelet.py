"""A FAKE of the Kubernetes kubelet API, over TLS as on 10250: open = --anonymous-auth=true with
--authorization-mode=AlwaysAllow; protected = anonymous authentication off (401).

Built from the product's documented responses (tests/fixtures/fake_apis/kubelet.json); no real
daemon can run on the test machines."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.daemons.fake_http_api import FakeApiServer, Mode, fake_api
from tests.support.daemons.fake_tls import tls_context


@contextmanager
def fake_kubelet(workdir: Path, address: str, port: int = 0, mode: Mode = "open") -> Iterator[FakeApiServer]:
    """The fake on address:port (0: a free port) until the block ends."""
    with fake_api("kubelet", address, port, mode, tls_context(workdir, address)) as server:
        yield server
