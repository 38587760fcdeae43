"""Reading NVD feeds of both formats, plain or gzip, and the errors a bad file gives."""

import gzip
import json
from pathlib import Path

import pytest

from aucote.cve.cpe import ANY
from aucote.cve.feed import FeedError, FeedReader
from aucote.cve.records import CpeCriterion, CveRecord, VersionRange
from tests.cve.feeds import FEED_11, FEED_20, FEED_20_SSVC


def read(path: Path) -> tuple[str, list[CveRecord]]:
    with FeedReader(path) as feed:
        records = list(feed.records())
        assert feed.position == feed.size
        return feed.format, records


def write(tmp_path: Path, document: object, name: str = "feed.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return path


def test_nvd_11_excerpt() -> None:
    version, records = read(FEED_11)
    assert version == "1.1"
    assert [record.id for record in records] == ["CVE-2016-6210", "CVE-2018-15473"]
    first = records[0]
    assert first.description.startswith("sshd in OpenSSH before 7.3, when SHA256 or SHA512")
    assert (first.cvss, first.cvss_version) == (5.9, "3.0")
    assert first.published == 1487008740.0  # 2017-02-13T17:59Z
    assert first.criteria == (
        CpeCriterion(
            "a",
            "openbsd",
            "openssh",
            VersionRange(ANY, end_including="7.2"),
            "cpe:2.3:a:openbsd:openssh:*:*:*:*:*:*:*:*",
        ),
    )
    second = records[1]
    assert (second.cvss, second.published) == (5.3, 1534534140.0)  # 2018-08-17T19:29Z
    assert [(c.vendor, c.product, c.versions.version) for c in second.criteria] == [
        ("openbsd", "openssh", "*"),
        ("canonical", "ubuntu_linux", "14.04"),
        ("canonical", "ubuntu_linux", "16.04"),
        ("canonical", "ubuntu_linux", "18.04"),
        ("debian", "debian_linux", "8.0"),
        ("debian", "debian_linux", "9.0"),
    ]
    assert second.criteria[0].versions.end_including == "7.7"
    assert not any(record.rejected for record in records)


def test_nvd_20_excerpt() -> None:
    version, records = read(FEED_20)
    assert version == "2.0"
    by_id = {record.id: record for record in records}
    assert list(by_id) == ["CVE-2021-41773", "CVE-2021-42013", "CVE-2018-15473"]
    apache = by_id["CVE-2021-41773"]
    assert (apache.cvss, apache.cvss_version) == (7.5, "3.1")
    assert apache.published == 1633425300.0  # 2021-10-05T09:15
    assert apache.description.startswith("A flaw was found in a change made to path normalization")
    assert [c.criterion for c in apache.criteria] == [
        "cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*",
        "cpe:2.3:o:fedoraproject:fedora:34:*:*:*:*:*:*:*",
        "cpe:2.3:o:fedoraproject:fedora:35:*:*:*:*:*:*:*",
    ]
    assert by_id["CVE-2021-42013"].cvss == 9.8
    assert [c.versions.version for c in by_id["CVE-2021-42013"].criteria[:2]] == ["2.4.49", "2.4.50"]
    assert (by_id["CVE-2018-15473"].cvss, by_id["CVE-2018-15473"].cvss_version) == (5.3, "3.0")


def test_same_cve_reads_the_same_in_both_formats() -> None:
    old = {record.id: record for record in read(FEED_11)[1]}["CVE-2018-15473"]
    new = {record.id: record for record in read(FEED_20)[1]}["CVE-2018-15473"]
    assert old == new


def test_gzip_feed(tmp_path: Path) -> None:
    path = tmp_path / "nvdcve-2.0-excerpt.json.gz"
    path.write_bytes(gzip.compress(FEED_20.read_bytes()))
    version, records = read(path)
    assert version == "2.0" and len(records) == 3


def cve_20(cve_id: str, **fields: object) -> dict[str, object]:
    return {"cve": {"id": cve_id, "descriptions": [{"lang": "en", "value": "text"}], **fields}}


def test_metric_preference_and_primary_source(tmp_path: Path) -> None:
    def metric(score: float, kind: str = "Primary") -> dict[str, object]:
        return {"source": "x", "type": kind, "cvssData": {"baseScore": score}}

    items = [
        cve_20(
            "CVE-2000-0001",
            metrics={"cvssMetricV2": [metric(5.0)], "cvssMetricV31": [metric(9.0, "Secondary"), metric(7.0)]},
        ),
        cve_20("CVE-2000-0002", metrics={"cvssMetricV40": [metric(8.7)], "cvssMetricV2": [metric(4.0)]}),
        cve_20("CVE-2000-0003"),
    ]
    records = read(write(tmp_path, {"vulnerabilities": items}))[1]
    assert [(r.cvss, r.cvss_version) for r in records] == [(7.0, "3.1"), (8.7, "4.0"), (None, None)]


def test_rejected_and_not_vulnerable(tmp_path: Path) -> None:
    app = {"vulnerable": True, "criteria": "cpe:2.3:a:example:app:*:*:*:*:*:*:*:*"}
    bounded = {**app, "versionStartIncluding": "1.0", "versionEndExcluding": "1.4"}
    platform = {"vulnerable": False, "criteria": "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*"}
    config = [{"nodes": [{"operator": "AND", "cpeMatch": [bounded, platform, bounded]}]}]
    items = [
        cve_20("CVE-2000-0004", configurations=config),
        cve_20("CVE-2000-0005", vulnStatus="Rejected", configurations=config),
    ]
    kept, rejected = read(write(tmp_path, {"vulnerabilities": items}))[1]
    assert [c.versions for c in kept.criteria] == [
        VersionRange(ANY, start_including="1.0", end_excluding="1.4")
    ]
    assert rejected.rejected and rejected.criteria == ()


def test_nvd_11_children_and_rejected(tmp_path: Path) -> None:
    def item(cve_id: str, text: str, nodes: list[object]) -> dict[str, object]:
        return {
            "cve": {
                "CVE_data_meta": {"ID": cve_id},
                "description": {"description_data": [{"lang": "en", "value": text}]},
            },
            "configurations": {"nodes": nodes},
        }

    app = {"vulnerable": True, "cpe23Uri": "cpe:2.3:a:example:app:2.0:*:*:*:*:*:*:*"}
    platform = {"vulnerable": False, "cpe23Uri": "cpe:2.3:o:example:os:-:*:*:*:*:*:*:*"}
    children = [{"operator": "OR", "cpe_match": [app]}, {"operator": "OR", "cpe_match": [platform]}]
    nodes: list[object] = [{"operator": "AND", "children": children}]
    items = [item("CVE-2000-0006", "text", nodes), item("CVE-2000-0007", "** REJECT ** DO NOT USE", nodes)]
    first, second = read(write(tmp_path, {"CVE_data_format": "MITRE", "CVE_Items": items}))[1]
    assert [(c.product, c.versions.version) for c in first.criteria] == [("app", "2.0")]
    assert (first.cvss, first.published) == (None, None)
    assert second.rejected and second.criteria == ()


def test_many_items_across_read_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("aucote.cve.stream.CHUNK", 64)
    items = [cve_20(f"CVE-2000-{n:04d}", published="2000-01-01T00:00:00.000") for n in range(1, 301)]
    path = tmp_path / "feed.json"
    path.write_text(
        json.dumps(
            {"resultsPerPage": 300, "format": "NVD_CVE", "vulnerabilities": items, "after": [1, {"a": 2}]},
            indent=1,
        )
    )
    records = read(path)[1]
    assert [r.id for r in records] == [f"CVE-2000-{n:04d}" for n in range(1, 301)]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"# not json", "invalid JSON at character 0: expected '{', found '#'"),
        (b"", "the JSON text ends too early"),
        (b"[1, 2]", "invalid JSON at character 0: expected '{', found '['"),
        (
            b'{"format": "NVD_CVE", "totalResults": 0}',
            "no 'CVE_Items' or 'vulnerabilities' array at the top level",
        ),
        (b'{"vulnerabilities": {"cve": 1}}', "invalid JSON at character 20: expected '[', found '{'"),
        (b'{"vulnerabilities": [{"cve": {"id": "CVE-1"}}, ', "the JSON text ends too early"),
        (
            b'{"vulnerabilities": [{"cve": {"id": "CVE-1"}} {"cve": 2}]}',
            "invalid JSON at character 46: expected ',', found '{'",
        ),
        (
            b'{"vulnerabilities": [{"cve": {"id": "CVE-1" "x"}}]}',
            "invalid JSON at character 44: Expecting ',' delimiter",
        ),
        (b'{"vulnerabilities": [{"cve": {"descriptions": []}}]}', "item #1: cve.id: Field required"),
        (b'{"vulnerabilities": [7]}', "item #1: expected a JSON object, got a number"),
        (b'{"vulnerabilities": [null]}', "item #1: expected a JSON object, got null"),
        (
            b'{"vulnerabilities": [{"cve": {"id": "CVE-2000-1", "published": "yesterday"}}]}',
            "item #1 (CVE-2000-1): Invalid isoformat string: 'yesterday'",
        ),
        (
            b'{"vulnerabilities": [{"cve": {"id": "CVE-2000-1", "configurations": '
            b'[{"nodes": [{"cpeMatch": [{"criteria": "app"}]}]}]}}]}',
            "item #1 (CVE-2000-1): not a CPE name: 'app'",
        ),
        (b'{"CVE_Items": [{"cve": {"CVE_data_meta": {}}}]}', "item #1: cve.CVE_data_meta.ID: Field required"),
        (b"\xff\xfe{}", "not UTF-8 text (is it an NVD JSON feed?)"),
        (
            b"\x1f\x8b\x08\x00garbage",
            "damaged or unreadable file (Compressed file ended before the end-of-stream marker was reached)",
        ),
    ],
)
def test_bad_feeds(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(FeedError) as raised, FeedReader(path) as feed:
        list(feed.records())
    assert str(raised.value) == f"{path}: {problem}"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FeedError, match=r"missing.json: cannot read the file \(No such file or directory\)"):
        FeedReader(tmp_path / "missing.json").__enter__()


def test_unknown_metric_kinds_are_ignored_and_named() -> None:
    version, records = read(FEED_20_SSVC)
    assert version == "2.0"
    log4j, unscored = records
    assert (log4j.id, log4j.cvss, log4j.cvss_version) == ("CVE-2021-44228", 10.0, "3.1")
    assert [c.versions.start_including for c in log4j.criteria] == ["2.0.1", "2.4.0", "2.13.0"]
    assert log4j.ignored_metrics == ("ssvcV203",)
    assert (unscored.id, unscored.cvss, unscored.cvss_version) == ("CVE-2026-99001", None, None)
    assert (unscored.criteria, unscored.ignored_metrics) == ((), ("ssvcV203",))


def test_a_known_metric_kind_without_cvss_data_is_still_an_error(tmp_path: Path) -> None:
    document = json.loads(FEED_20_SSVC.read_text())
    del document["vulnerabilities"][0]["cve"]["metrics"]["cvssMetricV31"][0]["cvssData"]
    with pytest.raises(FeedError, match=r"item #1 \(CVE-2021-44228\): cve.metrics.cvssMetricV31.0.cvssData"):
        read(write(tmp_path, document))


def test_nvd_11_names_unknown_impact_kinds(tmp_path: Path) -> None:
    document = json.loads(FEED_11.read_text())
    document["CVE_Items"][0]["impact"]["ssvc"] = {"options": [{"exploitation": "none"}]}
    first, second = read(write(tmp_path, document))[1]
    assert (first.cvss, first.ignored_metrics, second.ignored_metrics) == (5.9, ("ssvc",), ())
