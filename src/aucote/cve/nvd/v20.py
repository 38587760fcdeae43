"""NVD JSON 2.0 feeds and API pages: `{"format": "NVD_CVE", "version": "2.0", "vulnerabilities": [...]}`
(nvdcve-2.0-YYYY.json, or a saved response of https://services.nvd.nist.gov/rest/json/cves/2.0)."""

from typing import Final

from pydantic import ConfigDict, Field

from aucote.cve.nvd.common import CpeMatch, FeedModel, LangString, english, timestamp, unique
from aucote.cve.records import CpeCriterion, CveRecord

ITEMS_KEY: Final = "vulnerabilities"


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


class _Metrics(FeedModel):
    """The CVSS metric lists by kind. Any other kind (CISA's `ssvcV203`, which has no `cvssData` …)
    is kept aside unread: the record keeps the CVSS it has and names what was ignored."""

    model_config = ConfigDict(extra="allow")

    v31: list[_Metric] = Field(default_factory=list, alias="cvssMetricV31")
    v30: list[_Metric] = Field(default_factory=list, alias="cvssMetricV30")
    v40: list[_Metric] = Field(default_factory=list, alias="cvssMetricV40")
    v2: list[_Metric] = Field(default_factory=list, alias="cvssMetricV2")

    def best(self) -> tuple[float | None, str | None]:
        """Base score and CVSS version of the preferred metric list, NVD's own (Primary) score first:
        CVSS 3.x (what NVD itself scores and most tools show), then 4.0, then 2."""
        for metrics, version in ((self.v31, "3.1"), (self.v30, "3.0"), (self.v40, "4.0"), (self.v2, "2.0")):
            ordered = sorted(metrics, key=lambda metric: metric.type != "Primary")
            if ordered:
                return ordered[0].data.score, ordered[0].data.version or version
        return None, None

    def ignored(self) -> tuple[str, ...]:
        """The metric kinds of the record that are not read, in the feed's order."""
        return tuple(self.model_extra or {})


class _Cve(FeedModel):
    id: str
    published: str | None = None
    status: str | None = Field(default=None, alias="vulnStatus")
    descriptions: list[LangString] = Field(default_factory=list)
    metrics: _Metrics = Field(default_factory=_Metrics)
    configurations: list[_Configuration] = Field(default_factory=list)


class Item(FeedModel):
    """One element of `vulnerabilities`."""

    cve: _Cve

    def to_record(self) -> CveRecord:
        """The CVE this item describes (ValueError on an unreadable CPE or date)."""
        cve = self.cve
        cvss, version = cve.metrics.best()
        rejected = (cve.status or "").lower() == "rejected"
        criteria = () if rejected else unique([c for conf in cve.configurations for c in conf.criteria()])
        return CveRecord(
            cve.id,
            english(cve.descriptions),
            cvss,
            version,
            timestamp(cve.published),
            criteria,
            rejected,
            ignored_metrics=cve.metrics.ignored(),
        )
