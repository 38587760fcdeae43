"""CVE records in storage, on SQLite and PostgreSQL: import, re-import, lookup by product."""

from dataclasses import replace

from sqlalchemy import Engine

from aucote.cve.cpe import parse_cpe
from aucote.cve.matching import matching_cves
from aucote.storage.queries.cves import CveCounts, StoredCveLookup, count_cves, criteria_for
from aucote.storage.repository.cves import replace_cves
from tests.cve.feeds import FEED_11, FEED_20, records
from tests.support.schema import schema_differences


def load(engine: Engine, *paths: object) -> list[int]:
    written = []
    for path in paths:
        with engine.begin() as connection:
            written.append(replace_cves(connection, records(path)))  # type: ignore[arg-type]
    return written


def counts(engine: Engine) -> CveCounts:
    with engine.connect() as connection:
        return count_cves(connection)


def test_migration_creates_the_tables_of_the_schema(engine: Engine) -> None:
    with engine.connect() as connection:
        assert schema_differences(connection) == []


def test_import_both_formats(engine: Engine) -> None:
    assert load(engine, FEED_11, FEED_20) == [7, 13]
    # CVE-2018-15473 is in both excerpts: stored once, with the criteria of the last import.
    assert counts(engine) == CveCounts(cves=4, criteria=14)
    with engine.connect() as connection:
        apache = criteria_for(connection, "apache", "http_server")
    assert [(match.cve_id, match.criterion.versions.version) for match in apache] == [
        ("CVE-2021-41773", "2.4.49"),
        ("CVE-2021-42013", "2.4.49"),
        ("CVE-2021-42013", "2.4.50"),
    ]
    assert apache[0].cvss == 7.5
    assert apache[0].description.startswith("A flaw was found in a change made to path normalization")
    assert apache[0].criterion.criterion == "cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*"


def test_reimport_is_idempotent(engine: Engine) -> None:
    load(engine, FEED_20)
    lookup = StoredCveLookup(engine)
    before = sorted(lookup.matches("openbsd", "openssh") + lookup.matches("apache", "http_server"), key=repr)
    load(engine, FEED_20, FEED_20)
    after = sorted(lookup.matches("openbsd", "openssh") + lookup.matches("apache", "http_server"), key=repr)
    assert after == before
    assert counts(engine) == CveCounts(cves=3, criteria=13)


def test_reimport_replaces_criteria_and_removes_rejected(engine: Engine) -> None:
    load(engine, FEED_20)
    _, incomplete_fix, openssh = records(FEED_20)
    narrowed = replace(incomplete_fix, criteria=incomplete_fix.criteria[1:2], cvss=9.9)
    with engine.begin() as connection:
        replace_cves(connection, [narrowed, replace(openssh, rejected=True, criteria=())])
    lookup = StoredCveLookup(engine)
    assert [
        (m.cve_id, m.criterion.versions.version, m.cvss) for m in lookup.matches("apache", "http_server")
    ] == [
        ("CVE-2021-41773", "2.4.49", 7.5),
        ("CVE-2021-42013", "2.4.50", 9.9),
    ]
    assert lookup.matches("openbsd", "openssh") == []
    assert counts(engine) == CveCounts(cves=2, criteria=3 + 1)


def test_matching_real_service_cpes(engine: Engine) -> None:
    load(engine, FEED_11, FEED_20)
    lookup = StoredCveLookup(engine)

    def cves(service_cpe: str) -> list[str]:
        cpe = parse_cpe(service_cpe)
        return [match.cve_id for match in matching_cves(cpe, lookup.matches(cpe.vendor, cpe.product))]

    assert cves("cpe:/a:apache:http_server:2.4.49") == ["CVE-2021-42013", "CVE-2021-41773"]
    assert cves("cpe:/a:apache:http_server:2.4.50") == ["CVE-2021-42013"]
    assert cves("cpe:/a:apache:http_server:2.4.58") == []
    assert cves("cpe:/a:openbsd:openssh:7.2p2") == ["CVE-2016-6210", "CVE-2018-15473"]
    assert cves("cpe:/a:openbsd:openssh:7.4p1") == ["CVE-2018-15473"]
    assert cves("cpe:/a:openbsd:openssh:7.7p1") == ["CVE-2018-15473"]
    assert cves("cpe:/a:openbsd:openssh:9.2p1") == []
    assert cves("cpe:2.3:o:debian:debian_linux:9.0:*:*:*:*:*:*:*") == ["CVE-2018-15473"]
    assert cves("cpe:/a:nginx:nginx:1.18.0") == []
