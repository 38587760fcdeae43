"""The database schema as SQLAlchemy Core tables (the Alembic migrations create exactly these)."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ColumnElement,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    case,
    cast,
    func,
    literal_column,
    type_coerce,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# Dense, gap-free insertion counters (see repository/sequence.py): page p of a big list is a range
# lookup on `seq` instead of an OFFSET scan.
counters = Table(
    "counters",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

# Where rows of a seq-paged table (security scans, vulnerabilities) were deleted by retention
# (storage/repository/seq_holes.py): per block of SEQ_BLOCK numbers that lost rows, how many it lost
# and how many rows live below it, so that the row ranked r is found by one index lookup here and
# an index range (at most one block long) there.
SEQ_BLOCK = 1024
"""Numbers per block of `seq_holes`: block k holds seq k*SEQ_BLOCK+1 .. (k+1)*SEQ_BLOCK."""

seq_holes = Table(
    "seq_holes",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("block", BigInteger, primary_key=True),
    Column("deleted", Integer, nullable=False),
    Column("live_before", BigInteger, nullable=False),
    Index(None, "name", "live_before", "block"),
)

nodes = Table(
    "nodes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("ip", String(45), nullable=False, unique=True),
    Column("first_seen", Float, nullable=False),
)

scans = Table(
    "scans",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("scanner", String(64), nullable=False),
    Column("protocol", Integer, nullable=True),
    Column("start", Float, nullable=False),
    Column("end", Float, nullable=True),
    Column("status", String(16), nullable=False),
    Column("reason", Text, nullable=True),
    Column("resumed_from", Integer, ForeignKey("scans.id"), nullable=True),
    Index(None, "scanner", "start"),
    Index(None, "start"),
)

node_scans = Table(
    "node_scans",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("scan_id", Integer, ForeignKey("scans.id"), nullable=False),
    Column("node_id", Integer, ForeignKey("nodes.id"), nullable=False),
    Column("time", Float, nullable=False),
    Column("end", Float, nullable=True),
    UniqueConstraint("scan_id", "node_id"),
    Index(None, "node_id", "scan_id"),
    Index(None, "time"),
)

port_scans = Table(
    "port_scans",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("scan_id", Integer, ForeignKey("scans.id"), nullable=False),
    Column("node_id", Integer, ForeignKey("nodes.id"), nullable=False),
    Column("port", Integer, nullable=False),
    Column("protocol", Integer, nullable=False),
    Column("time", Float, nullable=False),
    Column("service_name", String(64), nullable=True),
    Column("service_product", Text, nullable=True),
    Column("service_version", Text, nullable=True),
    Column("service_cpe", Text, nullable=True),
    Column("service_banner", Text, nullable=True),
    # The id of the next sighting (by time, then id) of the same port of the node; null for the
    # newest. Set as port scans are stored.
    Column("replaced_by", Integer, nullable=True),
    UniqueConstraint("scan_id", "node_id", "port", "protocol"),
    Index(None, "node_id", "protocol", "port", "scan_id"),
    Index(None, "time"),
)

exploits = Table(
    "exploits",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("app", String(64), nullable=False),
    Column("name", String(128), nullable=False),
    Column("title", Text, nullable=False, default=""),
    Column("description", Text, nullable=False, default=""),
    Column("risk_level", String(16), nullable=False, default="None"),
    Column("category", String(32), nullable=False, default="vuln"),
    Column("cve", Text, nullable=True),
    Column("cvss", Float, nullable=False, default=0.0),
    UniqueConstraint("app", "name"),
)

security_scans = Table(
    "security_scans",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("seq", BigInteger, nullable=False, unique=True),
    Column("scan_id", Integer, ForeignKey("scans.id"), nullable=False),
    Column("exploit_id", Integer, ForeignKey("exploits.id"), nullable=False),
    Column("node_id", Integer, ForeignKey("nodes.id"), nullable=False),
    Column("port", Integer, nullable=False),
    Column("protocol", Integer, nullable=False),
    Column("start", Float, nullable=True),
    Column("end", Float, nullable=True),
    Column("status", String(16), nullable=False),
    # A code of model.status.CheckReason; `detail` is the free text beside it.
    Column("reason", Text, nullable=True),
    Column("detail", Text, nullable=True),
    UniqueConstraint("scan_id", "exploit_id", "node_id", "port", "protocol"),
    # The detail endpoint's "last 30 scans of this exploit on this port".
    Index(None, "node_id", "protocol", "port", "exploit_id", "scan_id"),
    Index(None, "exploit_id", "seq"),
    Index(None, "start"),
    Index(None, "status", "reason"),
    # The overview's failing checks of a scan.
    Index(None, "scan_id", "status", "reason"),
)

vulnerabilities = Table(
    "vulnerabilities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("seq", BigInteger, nullable=False, unique=True),
    Column("security_scan_id", Integer, ForeignKey("security_scans.id"), nullable=False),
    Column("scan_id", Integer, ForeignKey("scans.id"), nullable=False),
    Column("exploit_id", Integer, ForeignKey("exploits.id"), nullable=False),
    Column("node_id", Integer, ForeignKey("nodes.id"), nullable=False),
    Column("port", Integer, nullable=False),
    Column("protocol", Integer, nullable=False),
    Column("subid", Integer, nullable=False, default=0),
    Column("cve", Text, nullable=True),
    Column("cvss", Float, nullable=True),
    Column("risk_level", String(16), nullable=False, default="None"),
    Column("output", Text, nullable=False, default=""),
    Column("time", Float, nullable=False),
    Column("expiration_time", Float, nullable=True),
    # The id of the next stored report of the same finding (node, protocol, port, exploit, subid);
    # null for its newest report, the one the dashboard lists. Set as reports are stored.
    Column("replaced_by", Integer, nullable=True),
    # When the finding was first reported (the earliest `time` of its reports), set as stored.
    Column("first_seen", Float, nullable=True),
    UniqueConstraint("security_scan_id", "subid"),
    Index(None, "node_id", "protocol", "port", "exploit_id", "scan_id"),
    # One scan's findings in list order: an export (or list) of a scan walks it without a sort.
    Index(None, "scan_id", "seq"),
    Index(None, "expiration_time"),
)


def risk_rank(column: ColumnElement[str]) -> ColumnElement[int]:
    """High 3, Medium 2, Low 1, None 0, with its constants written into the SQL (not bound), so
    that the expression index below serves an ORDER BY on it."""
    ranks: list[tuple[ColumnElement[bool], ColumnElement[int]]] = [
        (column == literal_column(f"'{level}'"), literal_column(str(rank), Integer)) for level, rank in RANKS
    ]
    return type_coerce(case(*ranks, else_=literal_column("0")), Integer)


RANKS = (("None", 0), ("Low", 1), ("Medium", 2), ("High", 3))


def cvss_key(column: ColumnElement[float]) -> ColumnElement[float]:
    """The CVSS score with none as -1 (constant written into the SQL, as for `risk_rank`)."""
    return cast(func.coalesce(column, literal_column("-1.0")), Float)


# The dashboard's findings list (storage.queries.findings): the newest report of each finding in
# each sort order, and the overview's counts and CVEs over the newest reports.
_newest = vulnerabilities.c.replaced_by.is_(None)
for _name, _columns in (
    ("newest_seq", (vulnerabilities.c.seq,)),
    ("newest_risk", (risk_rank(vulnerabilities.c.risk_level), vulnerabilities.c.seq)),
    ("newest_cvss", (cvss_key(vulnerabilities.c.cvss), vulnerabilities.c.seq)),
    ("newest_host", (vulnerabilities.c.node_id, vulnerabilities.c.port, vulnerabilities.c.seq)),
    (
        "newest_risk_level",
        (vulnerabilities.c.risk_level, vulnerabilities.c.expiration_time, vulnerabilities.c.first_seen),
    ),
    (
        "newest_cve",
        (
            vulnerabilities.c.cve,
            vulnerabilities.c.node_id,
            vulnerabilities.c.risk_level,
            vulnerabilities.c.expiration_time,
        ),
    ),
):
    Index(f"ix_vulnerabilities_{_name}", *_columns, sqlite_where=_newest, postgresql_where=_newest)
# The findings list's default view (open findings: current, informational output left out) in each
# sort order: its walks pass no expired or informational report. The constants are written into
# the SQL as the findings query writes them, so that the planner sees the query implies the
# predicate. The other views (expired, all, informational) read the indexes above.
_open = and_(
    _newest,
    vulnerabilities.c.risk_level != literal_column("'None'"),
    func.coalesce(vulnerabilities.c.expiration_time, literal_column("-1.0")) == literal_column("-1.0"),
)
for _name, _columns in (
    ("open_seq", (vulnerabilities.c.seq,)),
    ("open_risk", (risk_rank(vulnerabilities.c.risk_level), vulnerabilities.c.seq)),
    ("open_cvss", (cvss_key(vulnerabilities.c.cvss), vulnerabilities.c.seq)),
    ("open_host", (vulnerabilities.c.node_id, vulnerabilities.c.port, vulnerabilities.c.seq)),
):
    Index(f"ix_vulnerabilities_{_name}", *_columns, sqlite_where=_open, postgresql_where=_open)
# The overview's top ports, services and products: the newest sighting of each port seen lately.
Index(
    "ix_port_scans_newest_time",
    port_scans.c.time,
    port_scans.c.port,
    port_scans.c.protocol,
    port_scans.c.node_id,
    port_scans.c.service_name,
    port_scans.c.service_product,
    sqlite_where=port_scans.c.replaced_by.is_(None),
    postgresql_where=port_scans.c.replaced_by.is_(None),
)

changes = Table(
    "changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("scan_id", Integer, ForeignKey("scans.id"), nullable=False),
    Column("previous_scan_id", Integer, ForeignKey("scans.id"), nullable=True),
    Column("node_id", Integer, ForeignKey("nodes.id"), nullable=False),
    Column("port", Integer, nullable=True),
    Column("protocol", Integer, nullable=True),
    Column("kind", String(32), nullable=False),
    Column("exploit_id", Integer, ForeignKey("exploits.id"), nullable=True),
    Column("previous_value", Text, nullable=True),
    Column("current_value", Text, nullable=True),
    Column("time", Float, nullable=False),
    Index(None, "scan_id"),
    Index(None, "scan_id", "time", "id"),
    Index(None, "node_id", "protocol", "port"),
)

# CVE data loaded from NVD feeds by `aucote cve import`, read by the CVE check (aucote-cve).
cves = Table(
    "cves",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("description", Text, nullable=False, default=""),
    Column("cvss", Float, nullable=True),
    Column("cvss_version", String(8), nullable=True),
    Column("published", Float, nullable=True),
)

# One vulnerable CPE criterion of a CVE: a product and one version (`version`) or, with version
# `*`, the versions within the bounds. Looked up by (vendor, product).
cve_matches = Table(
    "cve_matches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("cve_id", String(32), ForeignKey("cves.id"), nullable=False),
    Column("part", String(1), nullable=False),
    Column("vendor", Text, nullable=False),
    Column("product", Text, nullable=False),
    Column("version", Text, nullable=False),
    Column("start_including", Text, nullable=True),
    Column("start_excluding", Text, nullable=True),
    Column("end_including", Text, nullable=True),
    Column("end_excluding", Text, nullable=True),
    Column("criterion", Text, nullable=False),
    Index(None, "vendor", "product"),
    Index(None, "cve_id"),
)

# One row per `aucote cve import` (written in the import's transaction): the age of the CVE data
# that /readyz (cve.max_age) and the aucote_cve_data_age_seconds metric read.
cve_imports = Table(
    "cve_imports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("time", Float, nullable=False),
    Column("file_name", Text, nullable=False),
    Column("cves", Integer, nullable=False),
    Index(None, "time"),
)

# nmap XML reports stored by `aucote import`, by the SHA-256 of the file: importing it again
# stores nothing and names the scans of the first import.
imported_reports = Table(
    "imported_reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("file_name", Text, nullable=False),
    Column("time", Float, nullable=False),
)

imported_report_scans = Table(
    "imported_report_scans",
    metadata,
    Column("report_id", Integer, ForeignKey("imported_reports.id"), primary_key=True),
    Column("scan_id", Integer, ForeignKey("scans.id"), primary_key=True),
)

# Access control (docs/access.md): accounts, their API tokens and browser sessions, the audit log.
# Secrets are never stored: a password as its Argon2id hash, a token and a session secret as the
# SHA-256 hex digest of the high-entropy value handed out once.
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created", Float, nullable=False),
    Column("updated", Float, nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("name", String(64), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created", Float, nullable=False),
    Column("expires", Float, nullable=True),
    Column("last_used", Float, nullable=True),
    Column("revoked", Float, nullable=True),
)
# At most one token of a user with a label is not revoked (a revoked label may be reused).
Index(
    None,
    api_tokens.c.user_id,
    api_tokens.c.name,
    unique=True,
    sqlite_where=api_tokens.c.revoked.is_(None),
    postgresql_where=api_tokens.c.revoked.is_(None),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("created", Float, nullable=False),
    Column("last_seen", Float, nullable=False),
    # The CSRF token of the session's forms, kept as is: the pages must show it, and without the
    # session cookie it is worth nothing.
    Column("csrf", String(64), nullable=False),
    Column("address", String(64), nullable=True),
    Column("ended", Float, nullable=True),
    Index(None, "user_id"),
)

# Append-only: storage offers no update or delete of its rows.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("time", Float, nullable=False),
    Column("actor", String(128), nullable=False),
    Column("address", String(64), nullable=True),
    Column("action", String(32), nullable=False),
    Column("target", Text, nullable=True),
    Column("detail", Text, nullable=True),
    Index(None, "time"),
    Index(None, "actor", "time"),
    Index(None, "action", "time"),
)

# The dashboard's trend (docs/dashboard.md#trend): per UTC day and risk (Low, Medium, High), the
# open findings (exploit, port and subid with a current row, no triage applying) as of the last
# write of the day, and how many of them opened and were resolved that day. Written as scans end (and
# as triage changes), never computed over the history when read; retention keeps them.
daily_totals = Table(
    "daily_totals",
    metadata,
    Column("day", Date, primary_key=True),
    Column("risk_level", String(16), primary_key=True),
    Column("open", Integer, nullable=False),
    Column("opened", Integer, nullable=False),
    Column("resolved", Integer, nullable=False),
    Column("updated", Float, nullable=False),
)

# The overview's top lists (docs/dashboard.md#the-overviews-top-lists), written as each run ends:
# per list ("port", "service", "product", "cve") its values by rank with their host counts, counted
# over what was seen since `since` (the port scans of the 7 days before `updated`; the current
# findings for CVEs). A port's `value` is its number, `protocol` its IP protocol number.
top_values = Table(
    "top_values",
    metadata,
    Column("list", String(16), primary_key=True),
    Column("rank", Integer, primary_key=True),
    Column("value", Text, nullable=False),
    Column("protocol", Integer, nullable=True),
    Column("hosts", Integer, nullable=False),
    Column("since", Float, nullable=False),
    Column("updated", Float, nullable=False),
)

# Triage (docs/dashboard.md#triage): an operator's decision about the findings of one exploit on
# one port, kept across re-scans (new findings of the same exploit on the same port carry it). It
# applies until `expires` (never when null). `evidence` is the SHA-256 of what the newest run
# reported when it was set (model.triage.evidence_digest); `changed` is when a later run first
# reported something else. Nothing here points at findings or scans, so retention may prune them.
triage = Table(
    "triage",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("node_id", Integer, ForeignKey("nodes.id"), nullable=False),
    Column("protocol", Integer, nullable=False),
    Column("port", Integer, nullable=False),
    Column("exploit_id", Integer, ForeignKey("exploits.id"), nullable=False),
    Column("state", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("expires", Float, nullable=True),
    Column("actor", String(128), nullable=False),
    Column("time", Float, nullable=False),
    Column("evidence", String(64), nullable=True),
    Column("changed", Float, nullable=True),
    UniqueConstraint("node_id", "protocol", "port", "exploit_id"),
    Index(None, "time"),
)

# The notification outbox (docs/operations.md#notifications): one row per event and channel,
# written in the transaction that records the change, deleted by nothing but retention of
# delivered rows. `key` is the event's idempotency key (the same on every channel and attempt);
# `message` groups the rows sent together, fixed at the first attempt so that a retry sends the
# same message under the same key; `due` is when it may first be sent (a digest's end).
notification_outbox = Table(
    "notification_outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(64), nullable=False),
    Column("channel", String(128), nullable=False),
    Column("rule", String(128), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("created", Float, nullable=False),
    Column("due", Float, nullable=False),
    Column("payload", Text, nullable=False),
    Column("message", String(64), nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt", Float, nullable=True),
    Column("last_error", Text, nullable=True),
    Column("delivered", Float, nullable=True),
    UniqueConstraint("key", "channel"),
    Index(None, "delivered", "channel", "due"),
    Index(None, "message"),
)

# Scan work handed to workers through the job queue (docs/workers.md). One row per job, keyed by
# what it does (`host:<scan>:<node>`, `checks:<first security scan>`), whatever the queue's own
# ids and retries: `attempt` is the fencing token of the current lease (each attempt takes the next
# number, and a write is accepted only with the current one), `state` the job's truth for Aucote.
queue_jobs = Table(
    "queue_jobs",
    metadata,
    Column("key", String(96), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("scan_id", Integer, ForeignKey("scans.id"), nullable=False),
    Column("zone", String(64), nullable=False),
    Column("job_id", BigInteger, nullable=True),
    Column("state", String(16), nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("worker", String(128), nullable=True),
    Column("created", Float, nullable=False),
    Column("started", Float, nullable=True),
    Column("ended", Float, nullable=True),
    Column("reason", String(32), nullable=True),
    Column("detail", Text, nullable=True),
    Index(None, "scan_id", "state"),
    Index(None, "state", "zone"),
    Index(None, "ended"),
)

# Workers that took jobs: who they are and when they last said they were alive.
queue_workers = Table(
    "queue_workers",
    metadata,
    Column("name", String(128), primary_key=True),
    Column("zone", String(64), nullable=False),
    Column("host", String(255), nullable=False),
    Column("version", String(32), nullable=False),
    Column("pid", Integer, nullable=False),
    Column("started", Float, nullable=False),
    Column("heartbeat", Float, nullable=False),
    Column("lost_after", Float, nullable=False),
    Column("stopped", Float, nullable=True),
)
