"""The door through which the CVE check reads stored criteria (storage implements it)."""

from typing import Protocol

from aucote.cve.records import CveCriterion


class CveLookup(Protocol):
    """Stored CVE criteria by product. Blocking: callers run it in a worker thread."""

    def matches(self, vendor: str, product: str) -> list[CveCriterion]:
        """Every stored criterion for this vendor and product (lower case), any version."""
        ...
