"""What a feed says about one CVE, and what a lookup returns for one product."""

from dataclasses import dataclass

from aucote.cve.cpe import ANY


@dataclass(frozen=True, slots=True)
class VersionRange:
    """The versions a criterion covers: one version, or `*` with optional bounds."""

    version: str = ANY
    start_including: str | None = None
    start_excluding: str | None = None
    end_including: str | None = None
    end_excluding: str | None = None


@dataclass(frozen=True, slots=True)
class CpeCriterion:
    """One vulnerable CPE match of a CVE's configurations (`criterion` is the feed's CPE text)."""

    part: str
    vendor: str
    product: str
    versions: VersionRange
    criterion: str


@dataclass(frozen=True, slots=True)
class CveRecord:
    """One CVE of a feed: CVSS base score of the newest CVSS version given, publication time (Unix
    seconds, UTC) and its vulnerable CPE criteria. A rejected CVE has no criteria. `ignored_metrics`:
    the kinds of metric the record carries that are not read (NVD 2.0's `ssvcV203` …)."""

    id: str
    description: str
    cvss: float | None
    cvss_version: str | None
    published: float | None
    criteria: tuple[CpeCriterion, ...]
    rejected: bool = False
    ignored_metrics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CveCriterion:
    """A stored criterion with the CVE it belongs to: what a lookup by product returns."""

    cve_id: str
    description: str
    cvss: float | None
    criterion: CpeCriterion
