"""NVD JSON 2.0 feeds and API pages: `{"format": "NVD_CVE", "version": "2.0", "vulnerabilities": [...]}`
(nvdcve-2.0-YYYY.json, or a saved response of https://services.nvd.nist.gov/rest/json/cves/2.0)."""

from typing import Final

from pydantic import Field

from aucote.cve.nvd.common import CpeMatch, FeedModel, LangString, english, timestamp, unique
from aucote.cve.records import CpeCriterion, CveRecord

ITEMS_KEY: Final = "vulnerabilities"
METRICS: Final = (
    ("cvssMetricV31", "3.1"),
    ("cvssMetricV30", "3.0"),
    ("cvssMetricV40", "4.0"),
    ("cvssMetricV2", "2.0"),
)
"""Metric lists by preference: CVSS 3.x (what NVD itself scores and most tools show), then 4.0, then 2."""


class _Match(CpeMatch):
    criteria: str


class _Node(FeedModel):
    cpe_match: list[_Match] = Field(default_factory=list, alias="cpeMatch")


class _Configuration(FeedModel):
    nodes: list[_Node] = Field(default_factory=list)

    def criteria(self) -> list[CpeCriterion]:
        return [m.to_criterion(m.criteria) for node in self.nodes for m in node.cpe_match if m.vulnerable]


class _Data(FeedModel):
    version: str | None = None
    score: float = Field(alias="baseScore")


class _Metric(FeedModel):
    type: str = "Primary"
    data: _Data = Field(alias="cvssData")


class _Cve(FeedModel):
    id: str
    published: str | None = None
    status: str | None = Field(default=None, alias="vulnStatus")
    descriptions: list[LangString] = Field(default_factory=list)
    metrics: dict[str, list[_Metric]] = Field(default_factory=dict)
    configurations: list[_Configuration] = Field(default_factory=list)

    def best_metric(self) -> tuple[float | None, str | None]:
        """Base score and CVSS version of the preferred metric list, NVD's own (Primary) score first."""
        for key, version in METRICS:
            metrics = sorted(self.metrics.get(key, []), key=lambda metric: metric.type != "Primary")
            if metrics:
                return metrics[0].data.score, metrics[0].data.version or version
        return None, None


class Item(FeedModel):
    """One element of `vulnerabilities`."""

    cve: _Cve

    def to_record(self) -> CveRecord:
        """The CVE this item describes (ValueError on an unreadable CPE or date)."""
        cve = self.cve
        cvss, version = cve.best_metric()
        rejected = (cve.status or "").lower() == "rejected"
        criteria = () if rejected else unique([c for conf in cve.configurations for c in conf.criteria()])
        return CveRecord(
            cve.id, english(cve.descriptions), cvss, version, timestamp(cve.published), criteria, rejected
        )
