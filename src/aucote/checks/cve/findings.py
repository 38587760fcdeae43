"""The finding for one CVE matched to a service: an excerpt of its description and the evidence."""

from typing import Final

from aucote.cve.records import CveCriterion
from aucote.model.finding import Finding

EXCERPT: Final = 400
"""Characters of a CVE's description kept in a finding."""


def cve_finding(match: CveCriterion, service_cpe: str, subid: int) -> Finding:
    """A finding numbered `subid` for a CVE whose criterion covers the service's CPE."""
    score = "unknown" if match.cvss is None else f"{match.cvss:.1f}"
    lines = (
        f"{match.cve_id} (CVSS {score}): {_excerpt(match.description)}",
        f"Service CPE: {service_cpe}",
        f"Matched NVD criterion: {match.criterion.criterion}{_bounds(match)}",
    )
    return Finding("\n".join(lines), subid=subid, cve=match.cve_id, cvss=match.cvss)


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


def _bounds(match: CveCriterion) -> str:
    versions = match.criterion.versions
    bounds = [
        f"{label} {value}"
        for label, value in (
            ("from", versions.start_including),
            ("after", versions.start_excluding),
            ("up to", versions.end_including),
            ("before", versions.end_excluding),
        )
        if value is not None
    ]
    return f" (versions {', '.join(bounds)})" if bounds else ""
