"""Which stored criteria a detected product version falls into: one match per CVE."""

from collections.abc import Iterable

from aucote.cve.cpe import ANY, Cpe
from aucote.cve.records import CveCriterion, VersionRange
from aucote.cve.version import compare_versions


def in_range(version: str, versions: VersionRange) -> bool:
    """Whether a concrete version is covered: equal to a criterion's version, or within its bounds
    (a `*` criterion without bounds covers every version)."""
    if versions.version != ANY:
        return compare_versions(version, versions.version) == 0
    bounds = (
        (versions.start_including, (0, 1)),
        (versions.start_excluding, (1,)),
        (versions.end_including, (-1, 0)),
        (versions.end_excluding, (-1,)),
    )
    return all(bound is None or compare_versions(version, bound) in allowed for bound, allowed in bounds)


def matching_cves(cpe: Cpe, candidates: Iterable[CveCriterion]) -> list[CveCriterion]:
    """The first criterion of each CVE that covers the CPE's version, highest CVSS first, then by id.

    A CPE without a version matches nothing: every CVE of the product would be a guess."""
    if cpe.version == ANY:
        return []
    found: dict[str, CveCriterion] = {}
    for candidate in candidates:
        criterion = candidate.criterion
        if candidate.cve_id in found or (criterion.part, criterion.vendor, criterion.product) != (
            cpe.part,
            cpe.vendor,
            cpe.product,
        ):
            continue
        if in_range(cpe.version, criterion.versions):
            found[candidate.cve_id] = candidate
    return sorted(found.values(), key=lambda match: (-(match.cvss or 0.0), match.cve_id))
