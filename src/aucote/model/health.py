"""Why the service is not ready (`/readyz`): a closed vocabulary, with detail text beside it."""

from enum import StrEnum


class NotReady(StrEnum):
    """One reason `/readyz` answers 503."""

    DATABASE_UNREACHABLE = "database_unreachable"
    """The database did not answer (down, refused, or slower than the check's time limit)."""
    SCHEMA_NOT_CURRENT = "schema_not_current"
    """The database's Alembic revision is not the head this version ships (`aucote db upgrade`)."""
    SERVICE_NOT_ANSWERING = "service_not_answering"
    """The scanning process did not answer the API process over its local socket."""
    SCANNER_STUCK = "scanner_stuck"
    """A scanner's run has been in progress longer than `service.health.stuck_after`."""
    CVE_DATA_MISSING = "cve_data_missing"
    """`cve.max_age` is set and no CVE feed was ever imported (`aucote cve import`)."""
    CVE_DATA_STALE = "cve_data_stale"
    """The last CVE import is older than `cve.max_age`."""
