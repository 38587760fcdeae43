"""A FAKE of the CouchDB 3 HTTP API, as on 5984: open = /_all_dbs readable by anyone; protected =
/_all_dbs for admins only (401), the welcome document of / stays public.

Built from the product's documented responses (tests/fixtures/fake_apis/couchdb.json); no real
daemon can run on the test machines."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.daemons.fake_http_api import FakeApiServer, Mode, fake_api


@contextmanager
def fake_couchdb(workdir: Path, address: str, port: int = 0, mode: Mode = "open") -> Iterator[FakeApiServer]:
    """The fake on address:port (0: a free port) until the block ends."""
    with fake_api("couchdb", address, port, mode) as server:
        yield server
