"""Times as the API shows them: the stored number and an ISO 8601 UTC string (one rule for the
API and the exports, in aucote.model.times)."""

from aucote.model.times import human, maybe_human, maybe_number, number

__all__ = ["human", "maybe_human", "maybe_number", "number"]
