"""`GET /`: the changes of each scanner's newest finished scan, current findings per risk with new
and resolved counts, scanner health and the queue, and the top lists linking into the lists."""

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from aucote.model.triage import FindingKey, TriageDecision, TriageState
from aucote.storage.repository.top_values import record_tops
from aucote.storage.repository.triage import clear_triage, set_triage
from aucote.storage.tables import vulnerabilities
from aucote.web.pages import PAGE_POLICY
from tests.web.conftest import NOW
from tests.web.html import link, rows


def test_overview(pages: TestClient) -> None:
    response = pages.get("/")
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == PAGE_POLICY
    table = rows(response.text)
    assert table[:4] == [
        ["Risk", "Open", "New 1 d", "New 7 d", "Resolved 1 d", "Resolved 7 d"],
        ["High", "1", "0", "1", "0", "0"],
        ["Medium", "1", "0", "1", "0", "0"],
        ["Low", "1", "0", "1", "0", "0"],
    ]
    assert ["tools_advanced disabled", "IDLE", "3 d ago", "—", "2 script_error: 1 timeout: 1"] in table
    # The feed: changes of scans 942 (tools_advanced) and 930 (tcp); 950 (tcp) is still running.
    page = response.text
    assert (
        '10.12.2.175</a>: <span class="change change-appeared">http-vuln-cve2011-3192 found on 5985/TCP'
        in page
    )
    assert "port 5985/TCP opened" in page
    assert "port 80/TCP closed" not in page


def test_top_lists_link_into_the_lists(pages: TestClient) -> None:
    page = pages.get("/").text
    assert link(page, "80/TCP") == "/hosts?port=80&protocol=TCP"
    assert link(page, "http") == "/hosts?service=http"
    assert link(page, "Microsoft HTTPAPI httpd") == "/hosts?product=Microsoft+HTTPAPI+httpd"
    assert link(page, "CVE-2011-3192") == "/findings?cve=CVE-2011-3192"
    assert link(page, "1") == "/findings?risk=High&triage=untriaged"  # the findings the count counts
    hosts = pages.get(link(page, "Microsoft HTTPAPI httpd")).text
    assert ["10.12.2.175", "5985/TCP", "High 1 Medium 1", "3 d ago", "3 d ago"] in rows(hosts)


def test_the_top_lists_are_those_stored_as_the_newest_run_ended(pages: TestClient, seeded_db: Engine) -> None:
    """Not counted per request: top lists written as of a week later (no port seen in the 7 days
    before) show no port, service or product until the lists are written again."""
    with seeded_db.begin() as connection:
        record_tops(connection, NOW + 8 * 86400)
    try:
        page = pages.get("/").text
        assert "/hosts?port=" not in page and "/hosts?service=" not in page and "/hosts?product=" not in page
        assert link(page, "CVE-2011-3192") == "/findings?cve=CVE-2011-3192"
    finally:
        with seeded_db.begin() as connection:
            record_tops(connection, NOW)
    assert link(pages.get("/").text, "80/TCP") == "/hosts?port=80&protocol=TCP"


def test_navigation_marks_the_section(pages: TestClient) -> None:
    assert '<a href="/" aria-current="page">Overview</a>' in pages.get("/").text
    assert '<a href="/findings" aria-current="page">Findings</a>' in pages.get("/findings").text


def test_the_trend_of_open_findings_is_drawn(pages: TestClient) -> None:
    page = pages.get("/").text
    assert '<h2 id="trend">Open findings over 90 days</h2>' in page
    assert '<figure class="trend"' in page
    assert 'class="trend-line trend-high"' in page


def test_a_triaged_finding_leaves_the_open_counts(pages: TestClient, seeded_db: Engine) -> None:
    with seeded_db.begin() as connection:
        row = connection.execute(
            select(vulnerabilities).where(vulnerabilities.c.risk_level == "High").limit(1)
        ).one()
        key = FindingKey(exploit_id=row.exploit_id, node_id=row.node_id, protocol=row.protocol, port=row.port)
        decision = TriageDecision(state=TriageState.ACCEPTED_RISK, reason="lab", expires=None, actor="alice")
        set_triage(connection, {key: None}, decision, NOW)
    try:
        assert rows(pages.get("/").text)[1] == ["High", "0", "0", "0", "0", "0"]
    finally:
        with seeded_db.begin() as connection:
            clear_triage(connection, [key])
    assert rows(pages.get("/").text)[1] == ["High", "1", "0", "1", "0", "0"]
