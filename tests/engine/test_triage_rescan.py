"""Triage across re-scans, with real nmap reports (tests/fixtures/nmap, recorded; the later ones are
edited copies, said so below) imported as scans: the triage set on a finding still applies to the
findings a later scan stores for the same exploit on the same port; the same evidence again leaves
it unflagged, a different output flags it ("changed since triage") at that run's end."""

from sqlalchemy import Engine, select

from aucote.access.audit import Actor
from aucote.api.triage_changes import NamedFinding, set_triage_on
from aucote.model.triage import FindingKey, TriageDecision, TriageState, TriageView
from aucote.storage.queries.paging import Window
from aucote.storage.queries.triage import TriageFilter, triage_of
from aucote.storage.queries.vulnerabilities import VulnerabilityFilter, list_vulnerabilities
from aucote.storage.tables import daily_totals, nodes, vulnerabilities
from tests.engine.test_importer import MS17_010, edited, store, vulnerable_hostscript

SMB = NamedFinding(exploit_id=MS17_010, node_ip="127.31.0.1", port=445, protocol=6)
TRIAGED_AT = 1796416010.0


def _later(start: int, *more: tuple[str, str]) -> bytes:
    """Derived: the vulnerable report again, run `start` seconds after the first one."""
    stamp = str(1796416000 + start)
    return edited(
        "loopback_hostscript",
        ("NOT VULNERABLE", "VULNERABLE"),
        ('start="1796416053"', f'start="{stamp}"'),
        ('time="1796416056"', f'time="{int(stamp) + 1}"'),
        *more,
    )


def _listed(engine: Engine, view: TriageView, now: float) -> list[int]:
    where = VulnerabilityFilter(triage=TriageFilter(view, now))
    with engine.connect() as connection:
        return [row.id for row in list_vulnerabilities(connection, where, Window(10, 0)).rows]


def test_a_triage_survives_rescans_and_flags_new_evidence(engine: Engine) -> None:
    store(engine, vulnerable_hostscript())
    decision = TriageDecision(
        state=TriageState.ACCEPTED_RISK, reason="isolated lab", expires=None, actor="alice"
    )
    outcome = set_triage_on(engine, [SMB], decision, Actor(name="alice", address="127.0.0.1"), TRIAGED_AT)
    assert (outcome.count, outcome.refusal) == (1, None)

    store(engine, _later(100))  # re-scanned: the same finding, the same output
    with engine.connect() as connection:
        ids = [
            int(i)
            for i in connection.execute(select(vulnerabilities.c.id).order_by(vulnerabilities.c.id)).scalars()
        ]
        first = triage_of(connection, _key(engine))
        totals = {r.risk_level: r.open for r in connection.execute(select(daily_totals))}
    assert len(ids) == 2
    assert _listed(engine, TriageView.ACCEPTED_RISK, 1796416200.0) == ids
    assert _listed(engine, TriageView.UNTRIAGED, 1796416200.0) == []
    assert first is not None and first.changed is None
    assert totals == {"Low": 0, "Medium": 0, "High": 0}  # triaged: not open

    store(
        engine, _later(200, ("Remote Code Execution vulnerability", "Remote Code Execution (SMBv1 still on)"))
    )
    with engine.connect() as connection:
        flagged = triage_of(connection, _key(engine))
    assert flagged is not None
    assert flagged.changed == 1796416201.0  # the run's end: the report's finish time
    assert (flagged.state, flagged.reason, flagged.time) == (
        TriageState.ACCEPTED_RISK,
        "isolated lab",
        TRIAGED_AT,
    )
    assert len(_listed(engine, TriageView.CHANGED, 1796416300.0)) == 3


def _key(engine: Engine) -> FindingKey:
    with engine.connect() as connection:
        node_id = connection.execute(select(nodes.c.id).where(nodes.c.ip == SMB.node_ip)).scalar_one()
    return FindingKey(exploit_id=MS17_010, node_id=node_id, protocol=6, port=445)
