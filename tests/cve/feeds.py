"""The NVD feed excerpts shipped for the tests (tests/fixtures/nvd/README.md)."""

from pathlib import Path

from aucote.cve.feed import FeedReader
from aucote.cve.records import CveRecord

FIXTURES = Path(__file__).parents[1] / "fixtures" / "nvd"
FEED_11 = FIXTURES / "nvdcve-1.1-excerpt.json"
FEED_20 = FIXTURES / "nvdcve-2.0-excerpt.json"
FEED_20_SSVC = FIXTURES / "nvdcve-2.0-ssvc-page.json"
"""An NVD 2.0 page whose records carry CISA's `ssvcV203` metric (no `cvssData`)."""


def records(path: Path) -> list[CveRecord]:
    """Every CVE of a feed file."""
    with FeedReader(path) as feed:
        return list(feed.records())
