"""Property: an NVD feed file of either format, plain or gzip, gives CVE records or FeedError, never
another exception: the shipped excerpts with keys dropped, retyped or nested wrongly, and their
bytes (plain and compressed) damaged."""

import gzip
import json
import tempfile
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from aucote.cve.feed import FeedError, FeedReader
from aucote.cve.records import CveRecord
from tests.cve.feeds import FIXTURES
from tests.support.mutations import SETTINGS, deeply_nested, json_bytes, mutated_bytes, mutated_json

RECORDED = tuple(path.read_bytes() for path in sorted(FIXTURES.glob("*.json")))
DOCUMENTS = tuple(json.loads(data) for data in RECORDED)
GZIPPED = tuple(gzip.compress(data, mtime=0) for data in RECORDED)

_FEEDS = st.one_of(
    json_bytes(mutated_json(DOCUMENTS)),
    json_bytes(mutated_json(DOCUMENTS)).map(lambda data: gzip.compress(data, mtime=0)),
    mutated_bytes(RECORDED),
    mutated_bytes(GZIPPED),
)


def read_all(data: bytes) -> list[CveRecord]:
    """The records of a feed file holding `data`."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.json"
        path.write_bytes(data)
        with FeedReader(path) as feed:
            return list(feed.records())


@settings(**SETTINGS)
@given(_FEEDS)
@example(b'{"vulnerabilities": [' + deeply_nested("[", "]").encode() + b"]}")  # RecursionError
@example(b'{"vulnerabilities": [{"cve": {"id": ' + b"9" * 5000 + b"}}]}")  # int() digit limit
@example(b'{"header": ' + deeply_nested("[", "]").encode() + b', "CVE_Items": []}')
def test_any_feed_gives_records_or_feed_error(data: bytes) -> None:
    try:
        records = read_all(data)
    except FeedError as error:
        assert str(error).startswith(tempfile.gettempdir())
        return
    for record in records:
        assert isinstance(record.id, str) and isinstance(record.ignored_metrics, tuple)
        assert record.cvss is None or isinstance(record.cvss, float)
