"""Changes as lines of the feed: a sentence per kind, the service texts for a changed service."""

import pytest

from aucote.storage.queries.changes import ChangeRow
from aucote.storage.queries.records import ExploitRef, NodeRef, ScanRow
from aucote.web.changes import change_line

SCAN = ScanRow(2, "tcp", 6, 10.0, 20.0, "DONE")
NODE = NodeRef(1, "10.0.0.1")


def change(
    kind: str, exploit: ExploitRef | None = None, before: str | None = None, after: str | None = None
) -> ChangeRow:
    return ChangeRow(1, kind, 20.0, SCAN, 1, NODE, 443, 6, exploit, before, after)


@pytest.mark.parametrize(
    ("kind", "exploit", "sentence", "short"),
    [
        ("port_opened", None, "port 443/TCP opened", "opened"),
        ("port_closed", None, "port 443/TCP closed", "closed"),
        ("service_changed", None, "service on 443/TCP changed", "changed"),
        (
            "vulnerability_appeared",
            ExploitRef(7, "nmap", "ssl-heartbleed"),
            "ssl-heartbleed found on 443/TCP",
            "appeared",
        ),
        (
            "vulnerability_disappeared",
            ExploitRef(7, "nmap", "ssl-heartbleed"),
            "ssl-heartbleed resolved on 443/TCP",
            "resolved",
        ),
        ("vulnerability_changed", None, "a finding changed on 443/TCP", "changed"),
        ("something_new", None, "something new on 443/TCP", "changed"),
    ],
)
def test_sentences(kind: str, exploit: ExploitRef | None, sentence: str, short: str) -> None:
    line = change_line(change(kind, exploit))
    assert (line.sentence, line.kind) == (sentence, short)


def test_a_changed_service_shows_before_and_after() -> None:
    line = change_line(change("service_changed", before="http nginx 1.18", after="http nginx 1.24"))
    assert (line.before, line.after) == ("http nginx 1.18", "http nginx 1.24")
    assert change_line(change("vulnerability_changed", before="a", after="b")).before is None
