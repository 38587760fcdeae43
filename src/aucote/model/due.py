"""When a check is next due on a port: the vocabulary of the freshness grid's "Next due" column."""

from enum import StrEnum


class DueState(StrEnum):
    """Where a check stands against its schedule."""

    SCHEDULED = "scheduled"
    """Its next run lies ahead."""
    DUE_NOW = "due_now"
    """Its time has come: its scanner runs now or fires within a minute."""
    OVERDUE = "overdue"
    """Its time passed and no run of its scanner took it (the service was down, a run failed…)."""
    NOT_SCHEDULED = "not_scheduled"
    """Nothing will run it again by itself (see NotScheduled for why)."""


class NotScheduled(StrEnum):
    """Why nothing will run a check again by itself."""

    NO_SERVICE = "no_service"
    """No scanning service reports to this server (`aucote serve`, one-shot `aucote scan` runs)."""
    UNKNOWN_SCANNER = "unknown_scanner"
    """The scanner that ran it is not in the configuration (any more)."""
    SCANNER_DISABLED = "scanner_disabled"
    """The scanner that ran it is disabled."""
    PORT_SCANNER_OFF = "port_scanner_off"
    """The port needs finding again first, and the port scanner of its protocol does not run."""
