"""Pieces both NVD formats share: version bounds of a CPE match, language strings, timestamps."""

from collections.abc import Sequence
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field

from aucote.cve.cpe import parse_cpe
from aucote.cve.records import CpeCriterion, VersionRange


class FeedModel(BaseModel):
    """Feed objects carry many fields Aucote does not read: those are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class CpeMatch(FeedModel):
    """One CPE match with its optional version bounds (same field names in both formats)."""

    vulnerable: bool = True
    start_including: str | None = Field(default=None, alias="versionStartIncluding")
    start_excluding: str | None = Field(default=None, alias="versionStartExcluding")
    end_including: str | None = Field(default=None, alias="versionEndIncluding")
    end_excluding: str | None = Field(default=None, alias="versionEndExcluding")

    def to_criterion(self, name: str) -> CpeCriterion:
        """The criterion for this match of the CPE `name`; ValueError if `name` is not a CPE."""
        cpe = parse_cpe(name)
        versions = VersionRange(
            cpe.version, self.start_including, self.start_excluding, self.end_including, self.end_excluding
        )
        return CpeCriterion(cpe.part, cpe.vendor, cpe.product, versions, name)


class LangString(FeedModel):
    """A text in one language."""

    lang: str
    value: str


def english(texts: Sequence[LangString]) -> str:
    """The English text, else the first one, else empty."""
    for text in texts:
        if text.lang.lower().startswith("en"):
            return text.value
    return texts[0].value if texts else ""


def timestamp(text: str | None) -> float | None:
    """Unix seconds of an NVD time (`2021-10-05T09:15Z`, `2021-10-05T09:15:07.593`), read as UTC."""
    if not text:
        return None
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def unique(criteria: Sequence[CpeCriterion]) -> tuple[CpeCriterion, ...]:
    """Criteria in order without repeats (NVD repeats a match across configurations)."""
    return tuple(dict.fromkeys(criteria))
