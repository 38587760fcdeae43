"""Stale checks: the (port, exploit) pairs of each node whose newest security scan started before
its scanner's cutoff (now minus the scanner's expected period). One aggregate query over the
security scans' (node, protocol, port, exploit) index, made at most once a minute by the scanning
process (`aucote.metrics.stale`), never at each scrape."""

from collections.abc import Mapping

from sqlalchemy import Connection, and_, case, func, literal, select

from aucote.storage.tables import scans, security_scans


def stale_checks(connection: Connection, cutoffs: Mapping[str, float]) -> dict[str, int]:
    """How many pairs' newest run, by the scanner that ran it, started before that scanner's
    cutoff; scanners not in `cutoffs` are not counted, a scanner with none stale is absent."""
    if not cutoffs:
        return {}
    table = security_scans
    key = (table.c.node_id, table.c.protocol, table.c.port, table.c.exploit_id)
    newest = select(func.max(table.c.id).label("id")).group_by(*key).subquery()
    when = func.coalesce(table.c.start, table.c.end, literal(0.0))
    cutoff = case(*((scans.c.scanner == name, limit) for name, limit in cutoffs.items()), else_=None)
    statement = (
        select(scans.c.scanner, func.count())
        .select_from(newest)
        .join(table, table.c.id == newest.c.id)
        .join(scans, scans.c.id == table.c.scan_id)
        .where(and_(scans.c.scanner.in_(list(cutoffs)), when < cutoff))
        .group_by(scans.c.scanner)
    )
    return {str(scanner): int(count) for scanner, count in connection.execute(statement)}
