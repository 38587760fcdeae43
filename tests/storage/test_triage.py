"""Triage in storage, on SQLite and PostgreSQL, with findings written by the real Recorder: keyed
by exploit on a port, it survives re-scans; it leaves the open counts and the `untriaged` view;
it stops applying at its expiry; a later run reporting different evidence flags it (once), the
same evidence does not; clearing removes it; the API's finding list joins the applying triage, the
dashboard's carries the stored one and filters by it; a bulk change over the dashboard's filter
selects the keys its list shows."""

from ipaddress import ip_network

from sqlalchemy import Engine

from aucote.model.exploit import Exploit
from aucote.model.status import RiskLevel
from aucote.model.target import Port
from aucote.model.triage import FindingKey, TriageDecision, TriageState, TriageView, evidence_digest
from aucote.storage.queries.findings import FindingFilter, FindingSort, finding_keys, list_findings
from aucote.storage.queries.paging import Window
from aucote.storage.queries.records import ExploitRef
from aucote.storage.queries.triage import (
    TriageFilter,
    TriageListFilter,
    list_triage,
    stored_triage,
    triage_of,
)
from aucote.storage.queries.triage_targets import (
    TriageTarget,
    evidence_of,
    filtered_targets,
    listed_targets,
    targets_of,
)
from aucote.storage.queries.vulnerabilities import VulnerabilityFilter, list_vulnerabilities
from aucote.storage.repository.daily_totals import record_day
from aucote.storage.repository.triage import clear_triage, set_triage
from tests.support.findings_lab import DAY, HIGH, LOW, MEDIUM, TITLE, FindingsLab

WINDOW = Window(100, 0)


def _key(port: Port, exploit: Exploit) -> FindingKey:
    return FindingKey(
        exploit_id=exploit.id, node_id=port.node.id, protocol=int(port.protocol), port=port.number
    )


def _triage(
    lab: FindingsLab, port: Port, exploit: Exploit, state: TriageState, expires: float | None = None
) -> None:
    key = _key(port, exploit)
    with lab.engine.begin() as connection:
        evidence = evidence_of(connection, [key])
        decision = TriageDecision(state=state, reason="known", expires=expires, actor="alice")
        set_triage(connection, {key: evidence.get(key)}, decision, lab.now)


def _listed(lab: FindingsLab, view: TriageView | None, **finding: object) -> list[tuple[int, str]]:
    where = VulnerabilityFilter(triage=None if view is None else TriageFilter(view, lab.now), **finding)  # type: ignore[arg-type]
    with lab.engine.connect() as connection:
        page = list_vulnerabilities(connection, where, WINDOW)
    return [(row.port, row.output) for row in page.rows]


def _open(lab: FindingsLab) -> dict[str, int]:
    with lab.engine.begin() as connection:
        return {level: counts.open for level, counts in record_day(connection, lab.now).items()}


def test_a_triage_survives_rescans_and_leaves_the_open_counts(engine: Engine) -> None:
    lab = FindingsLab(engine)
    web, tls = lab.port("10.0.0.1", 80), lab.port("10.0.0.1", 443)
    lab.check(web, HIGH, ["VULNERABLE"])
    lab.check(tls, MEDIUM, ["SSLv3"])
    _triage(lab, web, HIGH, TriageState.ACCEPTED_RISK)
    lab.later(DAY)
    lab.check(web, HIGH, ["VULNERABLE"])  # a re-scan: new rows of the same exploit on the same port
    assert _open(lab) == {"Low": 0, "Medium": 1, "High": 0}
    assert _listed(lab, TriageView.UNTRIAGED) == [(443, "SSLv3")]
    assert _listed(lab, TriageView.ACCEPTED_RISK) == [(80, "VULNERABLE"), (80, "VULNERABLE")]
    assert _listed(lab, TriageView.TRIAGED) == _listed(lab, TriageView.ACCEPTED_RISK)
    assert _listed(lab, TriageView.FALSE_POSITIVE) == []
    assert _listed(lab, TriageView.CHANGED) == []  # the same evidence again


def test_an_expired_triage_no_longer_applies(engine: Engine) -> None:
    lab = FindingsLab(engine)
    web = lab.port("10.0.0.2", 80)
    lab.check(web, LOW, ["no HSTS"])
    _triage(lab, web, LOW, TriageState.FIX_PENDING, expires=lab.now + 3600)
    assert _open(lab)["Low"] == 0
    assert _listed(lab, TriageView.FIX_PENDING) == [(80, "no HSTS")]
    lab.later(3600)
    assert _open(lab)["Low"] == 1
    assert _listed(lab, TriageView.FIX_PENDING) == []
    assert _listed(lab, TriageView.UNTRIAGED) == [(80, "no HSTS")]
    with engine.connect() as connection:
        expired = list_triage(connection, TriageListFilter(now=lab.now, expired=True), WINDOW).rows
        applying = list_triage(connection, TriageListFilter(now=lab.now, expired=False), WINDOW).rows
    assert [(row.port, row.info.state) for row in expired] == [(80, TriageState.FIX_PENDING)]
    assert applying == []


def test_different_evidence_after_triage_flags_it_once(engine: Engine) -> None:
    lab = FindingsLab(engine)
    web = lab.port("10.0.0.3", 80)
    lab.check(web, HIGH, ["Apache 2.4.49"])
    _triage(lab, web, HIGH, TriageState.FALSE_POSITIVE)
    key = _key(web, HIGH)
    with engine.connect() as connection:
        info = triage_of(connection, key)
    assert info is not None and info.changed is None
    lab.later(DAY)
    lab.check(web, HIGH, ["Apache 2.4.49"])
    with engine.connect() as connection:
        assert triage_of(connection, key) == info
    lab.later(DAY)
    lab.check(web, HIGH, ["Apache 2.4.50"])
    first_change = lab.now  # when that run ended
    lab.later(DAY)
    lab.check(web, HIGH, ["Apache 2.4.51"])
    with engine.connect() as connection:
        flagged = triage_of(connection, key)
    assert flagged is not None
    assert flagged.changed == first_change
    assert (flagged.state, flagged.reason, flagged.actor, flagged.time) == (
        info.state,
        info.reason,
        info.actor,
        info.time,
    )
    assert len(_listed(lab, TriageView.CHANGED)) == 4
    _triage(lab, web, HIGH, TriageState.FALSE_POSITIVE)  # set again: on the newest evidence
    with engine.connect() as connection:
        again = triage_of(connection, key)
    assert again is not None and again.changed is None and again.time == lab.now


def test_evidence_is_the_newest_run_that_reported(engine: Engine) -> None:
    lab = FindingsLab(engine)
    web = lab.port("10.0.0.4", 80)
    lab.check(web, HIGH, ["old"])
    lab.check(web, HIGH, ["b", "a"])
    lab.check(web, HIGH, [], status=__import__("aucote.model.status").model.status.CheckStatus.TIMEOUT)
    with engine.connect() as connection:
        assert evidence_of(connection, [_key(web, HIGH)]) == {
            _key(web, HIGH): evidence_digest([(0, "b"), (1, "a")])
        }


def test_clearing_removes_the_triage(engine: Engine) -> None:
    lab = FindingsLab(engine)
    web, tls = lab.port("10.0.0.5", 80), lab.port("10.0.0.5", 443)
    lab.check(web, HIGH, ["x"])
    _triage(lab, web, HIGH, TriageState.ACCEPTED_RISK)
    with engine.begin() as connection:
        assert clear_triage(connection, [_key(web, HIGH), _key(tls, MEDIUM)]) == [_key(web, HIGH)]
        assert triage_of(connection, _key(web, HIGH)) is None
    assert _listed(lab, TriageView.UNTRIAGED) == [(80, "x")]


def test_targets_are_keys_with_findings(engine: Engine) -> None:
    lab = FindingsLab(engine)
    web, tls = lab.port("10.0.0.6", 80), lab.port("10.0.0.6", 443)
    lab.check(web, HIGH, ["x", "y"])
    lab.check(tls, MEDIUM, ["z"])
    lab.check(tls, LOW, [])
    high = TriageTarget(
        key=_key(web, HIGH), ip="10.0.0.6", exploit=ExploitRef(72, "nmap", "http-vuln-cve2011-3192")
    )
    with engine.connect() as connection:
        assert targets_of(connection, [_key(web, HIGH), _key(tls, LOW), _key(web, HIGH)]) == {
            _key(web, HIGH): high
        }
        medium_up = filtered_targets(connection, VulnerabilityFilter(min_risk=RiskLevel.MEDIUM), 10)
        assert [target.key for target in medium_up] == [_key(web, HIGH), _key(tls, MEDIUM)]
        assert len(filtered_targets(connection, VulnerabilityFilter(), 1)) == 1
    assert high.label() == "nmap http-vuln-cve2011-3192 (exploit 72) on 10.0.0.6 port 80/TCP"


def test_the_finding_list_joins_the_triage_applying(engine: Engine) -> None:
    lab = FindingsLab(engine)
    web, tls = lab.port("10.0.0.7", 80), lab.port("10.0.0.7", 443)
    lab.check(web, HIGH, ["x"])
    lab.check(tls, MEDIUM, ["z"])
    _triage(lab, web, HIGH, TriageState.FIX_PENDING, expires=lab.now + 100)
    with engine.connect() as connection:
        now = list_vulnerabilities(connection, VulnerabilityFilter(), WINDOW, triage_at=lab.now).rows
        later = list_vulnerabilities(connection, VulnerabilityFilter(), WINDOW, triage_at=lab.now + 100).rows
        plain = list_vulnerabilities(connection, VulnerabilityFilter(), WINDOW).rows
    assert [
        (row.port, row.triage and (row.triage.state, row.triage.reason, row.triage.actor)) for row in now
    ] == [
        (80, (TriageState.FIX_PENDING, "known", "alice")),
        (443, None),
    ]
    assert [row.triage for row in later] == [None, None]
    assert [row.triage for row in plain] == [None, None]


def test_the_dashboards_list_carries_the_stored_triage_and_filters_by_it(engine: Engine) -> None:
    lab = FindingsLab(engine)
    web, tls = lab.port("10.0.0.8", 80), lab.port("10.0.0.8", 443)
    lab.check(web, HIGH, ["x", "y"])
    lab.check(tls, MEDIUM, ["z"])
    _triage(lab, web, HIGH, TriageState.ACCEPTED_RISK, expires=lab.now + 100)

    def listed(view: TriageView | None, at: float = lab.now) -> list[tuple[int, int, TriageState | None]]:
        where = FindingFilter(triage=None if view is None else TriageFilter(view, at))
        with engine.connect() as connection:
            rows = list_findings(connection, where, FindingSort.HOST, None, 10).rows
        return [(row.port, row.subid, row.triage and row.triage.state) for row in rows]

    accepted = TriageState.ACCEPTED_RISK
    # Every finding of the exploit on the port (both subids) carries it; the list keeps it stored
    # after its expiry (TriageInfo.applies says whether it applies), the filter does not.
    assert listed(None) == [(80, 0, accepted), (80, 1, accepted), (443, 0, None)]
    assert listed(TriageView.ACCEPTED_RISK) == [(80, 0, accepted), (80, 1, accepted)]
    assert listed(TriageView.UNTRIAGED) == [(443, 0, None)]
    assert listed(TriageView.UNTRIAGED, lab.now + 100) == listed(None)
    with engine.connect() as connection:
        stored = stored_triage(connection, [_key(web, HIGH), _key(tls, MEDIUM)])
        report = list_findings(connection, FindingFilter(), FindingSort.HOST, None, 1).rows[0]
        keys = finding_keys(connection, [report.id, 10**12, 10**30])
    assert list(stored) == [_key(web, HIGH)]
    assert stored[_key(web, HIGH)].applies(lab.now) and not stored[_key(web, HIGH)].applies(lab.now + 100)
    assert keys == {report.id: _key(web, HIGH)}


def test_listed_targets_are_the_keys_the_dashboards_list_shows(engine: Engine) -> None:
    lab = FindingsLab(engine)
    web, tls, other = lab.port("10.0.0.9", 80), lab.port("10.0.0.9", 443), lab.port("10.0.1.9", 80)
    lab.check(web, HIGH, ["x", "y"])
    lab.check(tls, MEDIUM, ["z"])
    lab.check(other, LOW, ["w"])
    lab.check(tls, TITLE, ["a title"])
    with engine.connect() as connection:

        def keys(where: FindingFilter, limit: int = 10) -> list[FindingKey]:
            return [target.key for target in listed_targets(connection, where, limit)]

        # Informational output is left out as the list leaves it out; a network as the list reads it.
        assert keys(FindingFilter()) == [_key(web, HIGH), _key(tls, MEDIUM), _key(other, LOW)]
        assert keys(FindingFilter(network=ip_network("10.0.0.0/24"))) == [_key(web, HIGH), _key(tls, MEDIUM)]
        assert keys(FindingFilter(exploit="poodle")) == [_key(tls, MEDIUM)]
        assert keys(FindingFilter(informational=True, port=443)) == [_key(tls, MEDIUM), _key(tls, TITLE)]
        assert keys(FindingFilter(), 1) == [_key(web, HIGH)]
