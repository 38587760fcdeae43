"""The dashboard bench's database (bench/dashboard_bench.py): a history the size issue 13 names —
1,000,000 security scans over 10,000 nodes and 100,000 findings — stored in seconds with bulk
`INSERT … SELECT` statements over a recursive counter (as bench/export_bench.py fills its
database), the small tables (exploits, nodes, scans) through the repository layer, and cached as
a SQLite file between runs (per schema revision and migrations' text, shape and UTC day).

The shape (`Shape`, full size):

* 300 exploits (bench/export_bench.py's catalogue: risk Low/Medium/High, every fourth with a CVE);
  10,000 nodes;
* 10 daily `tcp` port scans: each node has 22, 80, 443 and 8443 open (services with products and
  versions; OpenSSH's version bumped on a tenth of the nodes from the sixth scan on) and 3306 on
  one node in 20 in turn (opened in one scan, closed in the next): 400,000 port scans and their
  changes (port opened / closed, service changed);
* 5 daily `tools_basic` scans, each running 20 checks per node (5 exploits on each of the 4
  ports; one node in 50 has a FAILED check, one in 70 a TIMEOUT): 1,000,000 security scans;
* findings: 10 checks of the 20 per node find something — 100,000 findings (exploit on a port),
  60 % since the first run, 10 % first found in each later run, each reported again by every run
  after it (so 4 stored reports per finding on average: about 380,000 rows), one in ten resolved
  by the last run (its rows expired), plus one informational output per node per run (only the
  newest current): about 430,000 vulnerability rows; 1,000 findings triaged (accepted risk);
* node scans for every scan and node; `vulnerability_appeared` / `disappeared` changes; 90 days of
  daily totals (the trend), today's written by `record_day`.

Times are relative to the UTC day the database is made (the overview counts the last 24 hours and
7 days from the server's clock), so the cache key holds that day with the schema revision and the
shape."""

import hashlib
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Address
from pathlib import Path

from bench.export_bench import catalogue
from sqlalchemy import Connection, Engine, insert, text

from aucote.model.status import ScanStatus
from aucote.storage.database import open_engine
from aucote.storage.migrate import MIGRATIONS, head_revision, upgrade
from aucote.storage.repository import exploits, nodes, scans
from aucote.storage.repository.daily_totals import record_day
from aucote.storage.tables import daily_totals

DAY = 86_400.0
FILLED_AT = "0008"
PORTS = (22, 80, 443, 8443)
CHURN_PORT = 3306


@dataclass(frozen=True)
class Shape:
    """How much history: nodes, tools runs and checks per node per run (security scans = their
    product), port scans."""

    nodes: int = 10_000
    runs: int = 5
    checks: int = 20
    port_runs: int = 10
    triaged: int = 1_000

    @property
    def security_scans(self) -> int:
        return self.nodes * self.runs * self.checks

    @property
    def findings(self) -> int:
        return self.nodes * self.checks // 2


SMALL = Shape(nodes=200, runs=3, checks=20, port_runs=4, triaged=20)


@dataclass(frozen=True)
class Seeded:
    """A seeded database: its URL, what it holds, how long it took to make or find."""

    url: str
    counts: dict[str, int]
    seconds: float
    cached: bool


def seeded(folder: Path, shape: Shape) -> Seeded:
    """The database of `shape` in `folder` (a cache: made once per schema revision, shape and
    UTC day)."""
    today = datetime.now(UTC).date()
    probe = open_engine("sqlite://")
    revision = head_revision(probe)
    probe.dispose()
    made = f"{revision}:{_migrations_digest()}:{sorted(asdict(shape).items())}:{today}"
    key = hashlib.sha256(made.encode()).hexdigest()[:16]
    path = folder / f"dashboard-{revision}-{key}.sqlite3"
    url = f"sqlite:///{path}"
    began = time.perf_counter()
    cached = path.exists()
    if not cached:
        for old in folder.glob("dashboard-*.sqlite3*"):
            old.unlink()
        partial = folder / f"{path.name}.partial"
        _fill(f"sqlite:///{partial}", shape, _base())
        partial.rename(path)
    engine = open_engine(url)
    upgrade(engine)
    with engine.connect() as connection:
        counts = {
            name: int(connection.execute(text(f"SELECT count(*) FROM {name}")).scalar_one())
            for name in ("nodes", "scans", "security_scans", "vulnerabilities", "port_scans", "changes")
        }
        counts["findings"] = int(
            connection.execute(
                text(
                    "SELECT count(*) FROM (SELECT 1 FROM vulnerabilities WHERE risk_level != 'None' "
                    "GROUP BY node_id, protocol, port, exploit_id, subid)"
                )
            ).scalar_one()
        )
    engine.dispose()
    return Seeded(url, counts, time.perf_counter() - began, cached)


def _migrations_digest() -> str:
    """The migrations' text: a migration changed in place (a branch's, before it merges) makes a
    new database, not only a new revision."""
    digest = hashlib.sha256()
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _base() -> float:
    """The start of the history's last day: 8 hours ago, on the hour (today's tools scan ran from 4
    to 1 hour ago)."""
    return (int(time.time()) // 3600 - 8) * 3600.0


def fill(url: str, shape: Shape, day: float) -> None:
    """Fill the empty database at `url` with `shape`'s history ending on `day` (not cached; the
    retention tests prune a small one on each backend)."""
    _fill(url, shape, day)


def _fill(url: str, shape: Shape, day: float) -> None:
    """Filled at revision 0007, whose tables the statements write, then migrated to head (0008
    marks each finding's newest report and first time, each port's newest sighting)."""
    engine = open_engine(url)
    upgrade(engine, FILLED_AT)
    with engine.begin() as connection:
        exploits.sync_exploits(connection, catalogue())
        ips = [str(IPv4Address(0x0A000000 + i)) for i in range(1, shape.nodes + 1)]
        first = day - (shape.port_runs + 1) * DAY
        nodes.ensure_nodes(connection, ips, first)
        tcp, tools = _scans(connection, shape, day)
    _bulk(engine, shape, tcp, tools)
    upgrade(engine)
    with engine.begin() as connection:
        _trend(connection, shape, day)
        record_day(connection, day + 8 * 3600)
    engine.dispose()


def _trend(connection: Connection, shape: Shape, day: float) -> None:
    """89 days of totals before today's: open findings rising to about today's count."""
    today = datetime.fromtimestamp(day, UTC).date()
    rows = []
    for back in range(89, 0, -1):
        for number, level in enumerate(("Low", "Medium", "High")):
            opened = shape.findings // 300 + number * 3 + back % 7
            rows.append(
                {"day": today - timedelta(days=back), "risk_level": level,
                 "open": shape.findings * (90 - back) // 300 + number * 100, "opened": opened,
                 "resolved": opened // 3, "updated": day - back * DAY}
            )  # fmt: skip
    connection.execute(insert(daily_totals), rows)


def _scans(connection: Connection, shape: Shape, day: float) -> tuple[list[int], list[int]]:
    """The tcp scans (one a day, ending at 02:00 of their day) and the tools scans (from 04:00),
    oldest first; both lists end with today's."""
    tcp, tools = [], []
    for index in range(shape.port_runs):
        start = day - (shape.port_runs - 1 - index) * DAY + 3600
        tcp.append(scans.start_scan(connection, "tcp", 6, start))
        scans.end_scan(connection, tcp[-1], start + 3600, ScanStatus.DONE)
    for index in range(shape.runs):
        start = day - (shape.runs - 1 - index) * DAY + 4 * 3600
        tools.append(scans.start_scan(connection, "tools_basic", None, start))
        scans.end_scan(connection, tools[-1], start + 3 * 3600, ScanStatus.DONE)
    return tcp, tools


def _bulk(engine: Engine, shape: Shape, tcp: list[int], tools: list[int]) -> None:
    values = {
        "nodes": shape.nodes,
        "runs": shape.runs,
        "checks": shape.checks,
        "port_runs": shape.port_runs,
        "first_tcp": tcp[0],
        "first_tools": tools[0],
        "triaged": shape.triaged,
        "ports": len(PORTS),
    }
    with engine.begin() as connection:
        connection.exec_driver_sql(f"CREATE TEMP TABLE counter AS {COUNTER}", {"n": _largest(shape)})
        for statement in STATEMENTS:
            connection.execute(text(statement), values)
        for name in ("security_scans", "vulnerabilities"):
            connection.execute(
                text("INSERT INTO counters (name, value) SELECT :name, count(*) FROM " + name),
                {"name": name},
            )
        connection.exec_driver_sql("DROP TABLE counter")


def _largest(shape: Shape) -> int:
    return max(shape.nodes * shape.checks, shape.nodes * len(PORTS), shape.nodes)


COUNTER = "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < :n - 1) SELECT i FROM n"

PORT_CASE = "CASE {i} WHEN 0 THEN 22 WHEN 1 THEN 80 WHEN 2 THEN 443 ELSE 8443 END"
STATEMENTS = [
    # node scans: every scan covers every node
    """
    INSERT INTO node_scans (scan_id, node_id, time, "end")
    SELECT s.id, c.i + 1, s.start, s.start + 60 FROM scans s JOIN counter c ON c.i < :nodes
    ORDER BY s.id, c.i
    """,
    # port scans: 4 ports per node per tcp scan, and 3306 on one node in 20 (in turn)
    f"""
    INSERT INTO port_scans (scan_id, node_id, port, protocol, time, service_name, service_product,
                            service_version, service_cpe, service_banner)
    SELECT s.id, c.i / :ports + 1, {PORT_CASE.format(i="c.i % :ports")}, 6, s.start + 60 + c.i * 0.01,
           CASE c.i % :ports WHEN 0 THEN 'ssh' WHEN 1 THEN 'http' WHEN 2 THEN 'https' ELSE 'https-alt' END,
           CASE c.i % :ports WHEN 0 THEN 'OpenSSH' WHEN 1 THEN 'nginx' WHEN 2 THEN 'Apache httpd'
                ELSE 'Jetty' END,
           CASE c.i % :ports
                WHEN 0 THEN CASE WHEN (c.i / :ports) % 10 = 0 AND s.id - :first_tcp >= :port_runs / 2
                                 THEN '9.6p1' ELSE '8.4p1' END
                WHEN 1 THEN '1.' || (18 + (c.i / :ports) % 8) || '.0'
                WHEN 2 THEN '2.4.' || (50 + (c.i / :ports) % 9) ELSE '9.4.' || (c.i / :ports) % 50 END,
           NULL,
           CASE c.i % :ports WHEN 0 THEN 'SSH-2.0-OpenSSH_8.4p1 Debian-5' ELSE NULL END
    FROM scans s JOIN counter c ON c.i < :nodes * :ports
    WHERE s.scanner = 'tcp'
    ORDER BY s.id, c.i
    """,
    """
    INSERT INTO port_scans (scan_id, node_id, port, protocol, time, service_name, service_product,
                            service_version)
    SELECT s.id, c.i + 1, 3306, 6, s.start + 61, 'mysql', 'MariaDB', '10.5.' || (c.i % 20)
    FROM scans s JOIN counter c ON c.i < :nodes
    WHERE s.scanner = 'tcp' AND (c.i + s.id - :first_tcp) % 20 = 0
    ORDER BY s.id, c.i
    """,
    # port changes: 3306 opened and closed, OpenSSH's version bumped
    """
    INSERT INTO changes (scan_id, previous_scan_id, node_id, port, protocol, kind, time)
    SELECT s.id, s.id - 1, c.i + 1, 3306, 6,
           CASE WHEN (c.i + s.id - :first_tcp) % 20 = 0 THEN 'port_opened' ELSE 'port_closed' END, s."end"
    FROM scans s JOIN counter c ON c.i < :nodes
    WHERE s.scanner = 'tcp' AND s.id > :first_tcp
      AND ((c.i + s.id - :first_tcp) % 20 = 0 OR (c.i + s.id - 1 - :first_tcp) % 20 = 0)
    ORDER BY s.id, c.i
    """,
    """
    INSERT INTO changes (scan_id, previous_scan_id, node_id, port, protocol, kind, previous_value,
                         current_value, time)
    SELECT s.id, s.id - 1, c.i + 1, 22, 6, 'service_changed', 'ssh OpenSSH 8.4p1', 'ssh OpenSSH 9.6p1',
           s."end"
    FROM scans s JOIN counter c ON c.i < :nodes
    WHERE s.scanner = 'tcp' AND s.id - :first_tcp = :port_runs / 2 AND c.i % 10 = 0
    ORDER BY c.i
    """,
    # security scans: per tools run, node and check (5 exploits on each of the 4 ports)
    f"""
    INSERT INTO security_scans (id, seq, scan_id, exploit_id, node_id, port, protocol, start, "end",
                                status, reason, detail)
    SELECT r.k * :nodes * :checks + c.i + 1, r.k * :nodes * :checks + c.i + 1, :first_tools + r.k,
           1 + ((c.i / :checks) * 13 + (c.i % :checks) * 15) % 300, c.i / :checks + 1,
           {PORT_CASE.format(i="c.i % :checks % :ports")}, 6,
           s.start + c.i * (7200.0 / (:nodes * :checks)), s.start + c.i * (7200.0 / (:nodes * :checks)) + 1.5,
           CASE WHEN c.i % :checks = 19 AND (c.i / :checks) % 50 = 0 THEN 'FAILED'
                WHEN c.i % :checks = 18 AND (c.i / :checks) % 70 = 0 THEN 'TIMEOUT' ELSE 'DONE' END,
           CASE WHEN c.i % :checks = 19 AND (c.i / :checks) % 50 = 0 THEN 'tool_error'
                WHEN c.i % :checks = 18 AND (c.i / :checks) % 70 = 0 THEN 'timeout' END,
           CASE WHEN c.i % :checks = 19 AND (c.i / :checks) % 50 = 0 THEN 'nmap exited with 1' END
    FROM (SELECT i AS k FROM counter WHERE i < :runs) r
    JOIN scans s ON s.id = :first_tools + r.k
    JOIN counter c ON c.i < :nodes * :checks
    ORDER BY r.k, c.i
    """,
    # findings: checks 0, 2, 4 … (a finding's first run: 0 for 60 %, then 1 … 4), reported by every
    # run from its first; one in ten not reported by the last run (resolved: its rows expired then);
    # check 1 prints informational output every run (only the newest current)
    f"""
    INSERT INTO vulnerabilities (id, seq, security_scan_id, scan_id, exploit_id, node_id, port, protocol,
                                 subid, cve, cvss, risk_level, output, time, expiration_time)
    SELECT row_number() OVER (ORDER BY v.id), row_number() OVER (ORDER BY v.id), v.id, v.scan_id,
           v.exploit_id, v.node_id, v.port, 6, 0, v.cve, v.cvss, v.risk, v.output, v."end", v.expiry
    FROM (
      SELECT s.id, s.scan_id, s.exploit_id, s.node_id, s.port, s."end",
             CASE WHEN f.check_no = 1 THEN NULL ELSE e.cve END AS cve,
             CASE WHEN f.check_no = 1 THEN NULL ELSE NULLIF(e.cvss, 0.0) END AS cvss,
             CASE WHEN f.check_no = 1 THEN 'None' ELSE e.risk_level END AS risk,
             CASE WHEN f.check_no = 1 THEN 'Title: Welcome to node ' || s.node_id
                  ELSE 'VULNERABLE: ' || e.title || ' on port ' || s.port || char(10)
                       || '  State: VULNERABLE' || char(10) || '  Evidence: '
                       || substr('{"0123456789abcdef" * 12}', 1, 40 + s.id % 150)
             END AS output,
             CASE WHEN f.check_no = 1 AND f.run < :runs - 1 THEN s."end" + 86400
                  WHEN f.check_no != 1 AND f.resolved THEN
                       s."end" + (:runs - 1 - f.run) * 86400.0 - 1 END AS expiry
      FROM (
        SELECT id, scan_id - :first_tools AS run, (id - 1) % :checks AS check_no,
               CASE WHEN ((id - 1) / :checks * 7 + (id - 1) % :checks) % 10 < 6 THEN 0
                    ELSE 1 + (((id - 1) / :checks * 7 + (id - 1) % :checks) % 10 - 6) % (:runs - 1)
               END AS since,
               ((id - 1) / :checks + (id - 1) % :checks) % 10 = 3 AS resolved
        FROM security_scans
      ) f
      JOIN security_scans s ON s.id = f.id
      JOIN exploits e ON e.id = s.exploit_id
      WHERE f.check_no = 1
         OR (f.check_no % 2 = 0 AND f.run >= f.since
             AND NOT (f.resolved AND f.since < :runs - 1 AND f.run = :runs - 1))
    ) v
    """,
    """
    INSERT INTO changes (scan_id, previous_scan_id, node_id, port, protocol, kind, exploit_id, time)
    SELECT v.scan_id, v.scan_id - 1, v.node_id, v.port, 6, 'vulnerability_appeared', v.exploit_id, v.time
    FROM vulnerabilities v
    WHERE v.scan_id > :first_tools AND v.risk_level != 'None'
      AND NOT EXISTS (SELECT 1 FROM vulnerabilities w WHERE w.node_id = v.node_id AND w.protocol = v.protocol
                      AND w.port = v.port AND w.exploit_id = v.exploit_id AND w.scan_id = v.scan_id - 1)
    ORDER BY v.id
    """,
    """
    INSERT INTO changes (scan_id, previous_scan_id, node_id, port, protocol, kind, exploit_id, time)
    SELECT v.scan_id + 1, v.scan_id, v.node_id, v.port, 6, 'vulnerability_disappeared', v.exploit_id,
           v.expiration_time
    FROM vulnerabilities v
    WHERE v.scan_id = :first_tools + :runs - 2 AND v.risk_level != 'None' AND v.expiration_time IS NOT NULL
    ORDER BY v.id
    """,
    # triage: the first `triaged` findings of the newest run, accepted
    """
    INSERT INTO triage (node_id, protocol, port, exploit_id, state, reason, expires, actor, time)
    SELECT node_id, protocol, port, exploit_id, 'accepted_risk', 'bench: accepted', NULL, 'bench', time
    FROM vulnerabilities
    WHERE scan_id = :first_tools + :runs - 1 AND risk_level != 'None'
    ORDER BY id LIMIT :triaged
    """,
]
