"""The `cve` section: how old the CVE data may be before the service reports itself not ready."""

from pydantic import field_validator

from aucote.config.base import Section
from aucote.config.fields import Period


class CveSettings(Section):
    """CVE data (`aucote cve import`)."""

    max_age: Period | None = None
    """Longest time since the last import before `/readyz` fails; None: not checked."""

    @field_validator("max_age")
    @classmethod
    def _positive(cls, max_age: float | None) -> float | None:
        if max_age is not None and max_age <= 0:
            raise ValueError("expected a period longer than 0 (or null: not checked)")
        return max_age
