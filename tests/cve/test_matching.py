"""Version ranges of NVD criteria, and one match per CVE for a detected CPE."""

import pytest

from aucote.cve.cpe import ANY, parse_cpe
from aucote.cve.matching import in_range, matching_cves
from aucote.cve.records import CpeCriterion, CveCriterion, VersionRange


@pytest.mark.parametrize(
    ("version", "versions", "covered"),
    [
        ("2.4.49", VersionRange("2.4.49"), True),
        ("2.4.50", VersionRange("2.4.49"), False),
        ("7.2p2", VersionRange("7.2"), True),
        ("7.2p2", VersionRange("7.2p2"), True),
        ("7.2p1", VersionRange("7.2p2"), False),
        ("1.0", VersionRange(), True),
        ("7.7p1", VersionRange(end_including="7.7"), True),
        ("7.8p1", VersionRange(end_including="7.7"), False),
        ("7.4p1", VersionRange(end_excluding="7.4"), False),
        ("7.3p1", VersionRange(end_excluding="7.4"), True),
        ("2.4.0", VersionRange(start_including="2.4.0", end_excluding="2.4.50"), True),
        ("2.4.49", VersionRange(start_including="2.4.0", end_excluding="2.4.50"), True),
        ("2.4.50", VersionRange(start_including="2.4.0", end_excluding="2.4.50"), False),
        ("2.2.34", VersionRange(start_including="2.4.0", end_excluding="2.4.50"), False),
        ("1.0.2", VersionRange(start_excluding="1.0.2", end_including="1.0.2u"), False),
        ("1.0.2k", VersionRange(start_excluding="1.0.2", end_including="1.0.2u"), True),
        ("1.0.2u", VersionRange(start_excluding="1.0.2", end_including="1.0.2u"), True),
        ("1.1.0", VersionRange(start_excluding="1.0.2", end_including="1.0.2u"), False),
    ],
)
def test_in_range(version: str, versions: VersionRange, covered: bool) -> None:
    assert in_range(version, versions) is covered


def candidate(cve_id: str, cvss: float | None, versions: VersionRange, part: str = "a") -> CveCriterion:
    criterion = CpeCriterion(part, "openbsd", "openssh", versions, "cpe:2.3:a:openbsd:openssh:*")
    return CveCriterion(cve_id, "description", cvss, criterion)


def test_one_match_per_cve_highest_cvss_first() -> None:
    candidates = [
        candidate("CVE-2018-15473", 5.3, VersionRange(end_including="7.7")),
        candidate("CVE-2016-6210", 5.9, VersionRange(end_including="7.2")),
        candidate("CVE-2016-6210", 5.9, VersionRange("7.2p2")),
        candidate("CVE-2099-0001", None, VersionRange(end_including="8.0")),
        candidate("CVE-2099-0002", 9.9, VersionRange(end_including="8.0"), part="o"),
        candidate("CVE-2016-10009", 7.3, VersionRange(end_excluding="7.4")),
    ]
    found = matching_cves(parse_cpe("cpe:/a:openbsd:openssh:7.2p2"), candidates)
    assert [match.cve_id for match in found] == [
        "CVE-2016-10009",
        "CVE-2016-6210",
        "CVE-2018-15473",
        "CVE-2099-0001",
    ]
    assert found[1].criterion.versions == VersionRange(end_including="7.2")


def test_newer_version_and_missing_version() -> None:
    candidates = [candidate("CVE-2018-15473", 5.3, VersionRange(end_including="7.7"))]
    assert matching_cves(parse_cpe("cpe:/a:openbsd:openssh:9.2p1"), candidates) == []
    assert matching_cves(parse_cpe("cpe:/a:openbsd:openssh"), candidates) == []
    assert parse_cpe("cpe:/a:openbsd:openssh").version == ANY


def test_other_products_are_ignored() -> None:
    other = CveCriterion(
        "CVE-1",
        "d",
        1.0,
        CpeCriterion("a", "openbsd", "openbsd", VersionRange(), "cpe:2.3:a:openbsd:openbsd:*"),
    )
    assert matching_cves(parse_cpe("cpe:/a:openbsd:openssh:7.4"), [other]) == []
