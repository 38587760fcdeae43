"""Writing the dashboard's daily totals (storage.tables.daily_totals): the day's row per finding
risk, recomputed from the current findings each time something that changes them ends (a scan, an
import, an expiry pass, a triage change). Findings with a triage applying are not counted. The last
write of a day stands for the day."""

from sqlalchemy import Connection

from aucote.model.days import day_bounds, utc_day
from aucote.storage.queries.open_findings import DayCounts, day_counts
from aucote.storage.queries.triage import untriaged
from aucote.storage.repository.upsert import upsert
from aucote.storage.tables import daily_totals


def record_day(connection: Connection, now: float) -> dict[str, DayCounts]:
    """Write the totals of `now`'s UTC day as of `now` (in the caller's transaction); return them
    by risk level."""
    day = utc_day(now)
    counts = day_counts(connection, day_bounds(day), [untriaged(now)])
    rows = [
        {
            "day": day,
            "risk_level": level.value,
            "open": count.open,
            "opened": count.opened,
            "resolved": count.resolved,
            "updated": now,
        }
        for level, count in counts.items()
    ]
    upsert(connection, daily_totals, rows, ["day", "risk_level"])
    return {level.value: count for level, count in counts.items()}
