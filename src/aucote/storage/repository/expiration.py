"""When findings stop being current: a re-test that no longer reports them, or no re-test at all
for the expiration period. (A finding reported again stays current.)"""

from sqlalchemy import Connection, and_, exists, select, update

from aucote.model.status import CheckStatus
from aucote.model.target import Port
from aucote.storage.tables import security_scans, vulnerabilities


def expire_retested(connection: Connection, scan_id: int, port: Port, exploit_id: int, when: float) -> int:
    """Expire, at `when`, the current findings of this exploit on this port from other scans."""
    result = connection.execute(
        update(vulnerabilities)
        .where(
            vulnerabilities.c.node_id == port.node.id,
            vulnerabilities.c.protocol == int(port.protocol),
            vulnerabilities.c.port == port.number,
            vulnerabilities.c.exploit_id == exploit_id,
            vulnerabilities.c.scan_id != scan_id,
            vulnerabilities.c.expiration_time.is_(None),
            vulnerabilities.c.time <= when,
        )
        .values(expiration_time=when)
    )
    return int(result.rowcount)


def expire_untested(connection: Connection, now: float, period: float) -> int:
    """Expire findings not re-tested within `period` of being found, at time + period."""
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
