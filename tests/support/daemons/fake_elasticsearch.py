"""A FAKE of the Elasticsearch 8 REST API, plain HTTP as on 9200: open = xpack.security.enabled false;
protected = security on (401 for every request without credentials).

Built from the product's documented responses (tests/fixtures/fake_apis/elasticsearch.json); no real
daemon can run on the test machines."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.daemons.fake_http_api import FakeApiServer, Mode, fake_api


@contextmanager
def fake_elasticsearch(
    workdir: Path, address: str, port: int = 0, mode: Mode = "open"
) -> Iterator[FakeApiServer]:
    """The fake on address:port (0: a free port) until the block ends."""
    with fake_api("elasticsearch", address, port, mode) as server:
        yield server
