"""NVD JSON 1.1 feeds: `{"CVE_data_format": "MITRE", "CVE_Items": [...]}` (nvdcve-1.1-YYYY.json)."""

from typing import Final

from pydantic import ConfigDict, Field

from aucote.cve.nvd.common import CpeMatch, FeedModel, LangString, english, timestamp, unique
from aucote.cve.records import CpeCriterion, CveRecord

ITEMS_KEY: Final = "CVE_Items"
REJECTED: Final = "** REJECT **"


class _Match(CpeMatch):
    uri: str = Field(alias="cpe23Uri")


class _Node(FeedModel):
    cpe_match: list[_Match] = Field(default_factory=list)
    children: list["_Node"] = Field(default_factory=list)

    def criteria(self) -> list[CpeCriterion]:
        own = [match.to_criterion(match.uri) for match in self.cpe_match if match.vulnerable]
        return own + [criterion for child in self.children for criterion in child.criteria()]


class _Configurations(FeedModel):
    nodes: list[_Node] = Field(default_factory=list)


class _Meta(FeedModel):
    id: str = Field(alias="ID")


class _Descriptions(FeedModel):
    description_data: list[LangString] = Field(default_factory=list)


class _Cve(FeedModel):
    meta: _Meta = Field(alias="CVE_data_meta")
    description: _Descriptions = Field(default_factory=_Descriptions)


class _Score(FeedModel):
    version: str | None = None
    score: float = Field(alias="baseScore")


class _MetricV3(FeedModel):
    cvss: _Score = Field(alias="cvssV3")


class _MetricV2(FeedModel):
    cvss: _Score = Field(alias="cvssV2")


class _Impact(FeedModel):
    """The CVSS metrics; any other kind is kept aside unread and named in the record."""

    model_config = ConfigDict(extra="allow")

    v3: _MetricV3 | None = Field(default=None, alias="baseMetricV3")
    v2: _MetricV2 | None = Field(default=None, alias="baseMetricV2")

    def best(self) -> tuple[float | None, str | None]:
        """Base score and CVSS version: v3 when given, else v2."""
        metric = self.v3 or self.v2
        if metric is None:
            return None, None
        return metric.cvss.score, metric.cvss.version or ("3.x" if self.v3 else "2.0")

    def ignored(self) -> tuple[str, ...]:
        """The metric kinds of the item that are not read, in the feed's order."""
        return tuple(self.model_extra or {})


class Item(FeedModel):
    """One element of `CVE_Items`."""

    cve: _Cve
    configurations: _Configurations = Field(default_factory=_Configurations)
    impact: _Impact = Field(default_factory=_Impact)
    published: str | None = Field(default=None, alias="publishedDate")

    def to_record(self) -> CveRecord:
        """The CVE this item describes (ValueError on an unreadable CPE or date)."""
        description = english(self.cve.description.description_data)
        cvss, version = self.impact.best()
        rejected = description.startswith(REJECTED)
        criteria = () if rejected else unique([c for n in self.configurations.nodes for c in n.criteria()])
        return CveRecord(
            self.cve.meta.id,
            description,
            cvss,
            version,
            timestamp(self.published),
            criteria,
            rejected,
            ignored_metrics=self.impact.ignored(),
        )
