"""When findings and informational outputs stop being current.

* A finding (risk Low or above) expires when a later DONE run of the same exploit on the same port
  reports no finding any more; a run that reports one again keeps the earlier ones current.
* Informational output (risk None: a page title, a certificate, a banner) expires as soon as a
  later DONE run of the same exploit on the same port ends, whether it stored newer output or none:
  only the latest output is current.
* Either expires when not re-tested at all within the expiration period (at time + period).
"""

from sqlalchemy import ColumnElement, Connection, FromClause, and_, exists, or_, select, update

from aucote.model.status import CheckStatus, RiskLevel
from aucote.model.target import Port
from aucote.storage.tables import security_scans, vulnerabilities

INFORMATIONAL = RiskLevel.NONE.value


def expire_retested(connection: Connection, scan_id: int, port: Port, exploit_id: int, when: float) -> int:
    """After a DONE run (scan `scan_id`, started at `when`, its findings already stored) of this
    exploit on this port: expire, at `when`, what it supersedes among the current rows of other
    scans: informational output always, findings when this run reported none."""
    result = connection.execute(
        update(vulnerabilities)
        .where(
            _same(vulnerabilities, port, exploit_id),
            vulnerabilities.c.scan_id != scan_id,
            vulnerabilities.c.expiration_time.is_(None),
            vulnerabilities.c.time <= when,
            or_(vulnerabilities.c.risk_level == INFORMATIONAL, ~_reported_again(scan_id, port, exploit_id)),
        )
        .values(expiration_time=when)
    )
    return int(result.rowcount)


def _reported_again(scan_id: int, port: Port, exploit_id: int) -> ColumnElement[bool]:
    """Scan `scan_id` stored a finding (risk Low or above) of this exploit on this port."""
    again = vulnerabilities.alias("again")
    found = and_(
        _same(again, port, exploit_id), again.c.scan_id == scan_id, again.c.risk_level != INFORMATIONAL
    )
    return exists(select(again.c.id).where(found))


def _same(table: FromClause, port: Port, exploit_id: int) -> ColumnElement[bool]:
    """Rows of `table` (vulnerabilities) of this exploit on this port."""
    return and_(
        table.c.node_id == port.node.id,
        table.c.protocol == int(port.protocol),
        table.c.port == port.number,
        table.c.exploit_id == exploit_id,
    )


def expire_untested(connection: Connection, now: float, period: float) -> int:
    """Expire findings and informational outputs not re-tested within `period` of being found, at
    time + period."""
    retest = (
        select(security_scans.c.id)
        .where(
            and_(
                security_scans.c.node_id == vulnerabilities.c.node_id,
                security_scans.c.protocol == vulnerabilities.c.protocol,
                security_scans.c.port == vulnerabilities.c.port,
                security_scans.c.exploit_id == vulnerabilities.c.exploit_id,
                security_scans.c.status == CheckStatus.DONE.value,
                security_scans.c.start > vulnerabilities.c.time,
            )
        )
        .correlate(vulnerabilities)
    )
    result = connection.execute(
        update(vulnerabilities)
        .where(
            vulnerabilities.c.expiration_time.is_(None),
            vulnerabilities.c.time < now - period,
            ~exists(retest),
        )
        .values(expiration_time=vulnerabilities.c.time + period)
    )
    return int(result.rowcount)
