"""The operators' triage forms, on the seed (SQLite and PostgreSQL): an operator triages a finding
from its page and findings in bulk from the list (the selected rows, or every finding matching the
view's filters), each a plain form post with the session's CSRF token answered by a redirect back
(Post/Redirect/Get) saying how many exploits on ports changed; the change is the API's (the triage
list shows it, whole body compared), audited per exploit on a port; the triage shows on the list,
the finding page and the host page, leaves the open counts, is selected by the `triage` filter,
is flagged when the evidence changes and stops showing at its expiry. A viewer sees no form and
is refused; a form without the session's token, or with bad input, changes nothing (the page
again with the error)."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine, delete, select

from aucote.api.app import create_app
from aucote.model.access import Role
from aucote.model.triage import FindingKey
from aucote.storage.queries.findings import PREVIEW
from aucote.storage.repository.triage import note_evidence
from aucote.storage.tables import triage
from tests.access.conftest import audit_rows
from tests.api.expected import EXPLOIT_72, META, NODE, same
from tests.api.login.conftest import OPTIONS, add_user, browser, form_token, log_in
from tests.api.test_triage import Clock, entry, triage_of
from tests.support.seed_data import LONG_OUTPUT
from tests.support.seeded_db import empty_database, seeded_engine
from tests.web.conftest import NOW
from tests.web.html import link, rows
from tests.web.routes.test_findings import finding_ids

BYTERANGE = "nmap http-vuln-cve2011-3192 (exploit 72) on 10.12.2.175 port 5985/TCP"
COLDFUSION = "nmap http-vuln-cve2010-2861 (exploit 71) on 10.12.2.175 port 5985/TCP"
FRAME = "aucote-http-headers x-frame-options (exploit 140) on 10.12.2.176 port 8107/TCP"
KEY_501 = FindingKey(exploit_id=72, node_id=86, protocol=6, port=5985)
SET = {"state": "accepted_risk", "reason": "lab box, never exposed", "expires": "2030-01-01"}
EXPIRES = 1893456000  # 2030-01-01T00:00:00Z (the API writes whole seconds as an integer)
ERROR = re.compile(r'<p class="message" role="alert">Triage not changed: ([^<]*) <a')


@dataclass
class Operator:
    """A browser logged in as an operator, the database and the app's clock."""

    client: TestClient
    engine: Engine
    clock: Clock

    def token(self, path: str = "/findings") -> str:
        return form_token(self.client.get(path))

    def post(self, path: str, data: dict[str, Any]) -> Response:
        """The form posted with the session's CSRF token."""
        return self.client.post(path, data={"csrf_token": self.token(), **data})

    def triage_rows(self) -> list[tuple[Any, ...]]:
        columns = [triage.c[name] for name in ("exploit_id", "node_id", "port", "state", "reason", "expires")]
        with self.engine.connect() as connection:
            return [tuple(row) for row in connection.execute(select(*columns).order_by(triage.c.exploit_id))]


@pytest.fixture(scope="module")
def seeded(
    db_backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """The shared seed (tests/support/seeded_db.py) with two users, once per module and backend:
    this module's own, as its tests write triage."""
    with empty_database(db_backend, request, tmp_path_factory) as url, seeded_engine(url) as engine:
        add_user(engine, "olivia", Role.OPERATOR)
        add_user(engine, "victor", Role.VIEWER)
        yield engine


@pytest.fixture(scope="module")
def app_clock() -> Clock:
    return Clock(NOW)


@pytest.fixture(autouse=True)
def _each_test_alone(seeded: Engine, app_clock: Clock) -> Iterator[None]:
    """Each test starts at NOW without triage."""
    app_clock.now = NOW
    yield
    with seeded.begin() as connection:
        connection.execute(delete(triage))


def _client(engine: Engine, clock: Clock, user: str) -> Iterator[TestClient]:
    with browser(create_app(engine, clock=clock, login=OPTIONS)) as client:
        assert log_in(client, user).status_code == 303
        yield client


@pytest.fixture(scope="module")
def operator(seeded: Engine, app_clock: Clock) -> Iterator[Operator]:
    """A browser logged in as the operator, for the module."""
    for client in _client(seeded, app_clock, "olivia"):
        yield Operator(client, seeded, app_clock)


@pytest.fixture(scope="module")
def viewer(seeded: Engine, app_clock: Clock) -> Iterator[TestClient]:
    """A browser logged in as the viewer, for the module."""
    yield from _client(seeded, app_clock, "victor")


def error_of(page: Response) -> str:
    """The error said at the top of a page a triage form came back to."""
    found = ERROR.search(page.text)
    assert found, page.text
    return found[1]


def notice_of(page: str) -> str:
    found = re.search(r'<p class="notice" role="status">([^<]*)</p>', page)
    assert found, page
    return found[1]


def test_an_operator_triages_a_finding_from_its_page(operator: Operator) -> None:
    page = operator.client.get("/findings/501").text
    assert '<form class="triage" id="triage-form" method="post" action="/findings/501/triage">' in page
    assert "<p>Not triaged: it counts as open.</p>" in page
    # The expiry day is tomorrow at the earliest (the clock's day is 2017-10-24).
    assert '<input id="triage-expires" name="expires" type="date" min="2017-10-25" value="">' in page
    done = operator.post("/findings/501/triage", {**SET, "action": "set"})
    assert (done.status_code, done.headers["location"]) == (303, "/findings/501?triaged=set&count=1")
    page = operator.client.get(done.headers["location"]).text
    assert notice_of(page) == "Triage set."
    assert '<dt>State</dt><dd><span class="triage triage-accepted-risk">Accepted risk</span></dd>' in page
    assert '<dt>Reason</dt><dd class="reason">lab box, never exposed</dd>' in page
    assert "<dt>Expires</dt><dd>2030-01-01 00:00 UTC</dd>" in page
    # The API's triage list holds what the page set.
    listed = operator.client.get("/api/v1/triage").json()
    expected = triage_of("accepted_risk", "lab box, never exposed", EXPIRES)
    same(
        listed,
        {
            "triage": [entry(1, 5985, NODE, EXPLOIT_72, {**expected, "by": "olivia"})],
            "navigation": {"limit": 10, "page": 0, "next_page": None, "previous_page": None},
            "meta": META,
        },
    )
    detail = "accepted_risk until 2030-01-01T00:00:00+00:00: lab box, never exposed"
    assert audit_rows(operator.engine)[-1][1:] == ("olivia", "192.0.2.10", "triage", BYTERANGE, detail)
    cleared = operator.post("/findings/501/triage", {"action": "clear"})
    assert cleared.headers["location"] == "/findings/501?triaged=cleared&count=1"
    assert notice_of(operator.client.get(cleared.headers["location"]).text) == "Triage cleared."
    assert operator.triage_rows() == []
    assert audit_rows(operator.engine)[-1][1:] == ("olivia", "192.0.2.10", "triage", BYTERANGE, "cleared")
    again = operator.post("/findings/501/triage", {"action": "clear"})
    assert notice_of(operator.client.get(again.headers["location"]).text) == "There was no triage to clear."


def test_the_triage_shows_everywhere_and_leaves_the_open_counts(operator: Operator) -> None:
    operator.post("/findings/501/triage", {**SET, "state": "fix_pending", "expires": ""})
    listed = operator.client.get("/findings").text
    assert [row[2:4] for row in rows(listed)] == [
        ["Finding", "Triage"],
        ["Missing X-Frame-Options aucote-http-headers x-frame-options X-Frame-Options: missing", ""],
        ["ColdFusion directory traversal nmap http-vuln-cve2010-2861 maybe", ""],
        [f"Apache byterange filter DoS nmap http-vuln-cve2011-3192 {_preview()}", "Fix pending"],
    ]
    host = rows(operator.client.get("/hosts/10.12.2.175").text)
    assert any(
        row[1].startswith("Apache byterange filter DoS") and row[1].endswith("Fix pending") for row in host
    )
    overview = operator.client.get("/").text
    assert rows(overview)[1:4] == [
        ["High", "0", "0", "0", "0", "0"],  # new over 7 d: neither counts a triaged finding
        ["Medium", "1", "0", "1", "0", "0"],
        ["Low", "1", "0", "1", "0", "0"],
    ]
    # The open count links to the untriaged findings of its risk: the rows it counts.
    assert link(overview, "1") == "/findings?risk=Medium&triage=untriaged"
    assert finding_ids(operator.client.get("/findings?risk=High&triage=untriaged").text) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("triage=triaged", [502, 501]),
        ("triage=untriaged", [601]),
        ("triage=accepted_risk", [501]),
        ("triage=FALSE_POSITIVE", [502]),
        ("triage=fix_pending", []),
        ("triage=changed", [501]),
        ("triage=changed&risk=Medium", []),
    ],
)
def test_the_triage_filter(operator: Operator, query: str, expected: list[int]) -> None:
    operator.post("/findings/501/triage", SET)
    operator.post("/findings/502/triage", {**SET, "state": "false_positive"})
    with operator.engine.begin() as connection:  # a later run reports other evidence for 501
        assert note_evidence(connection, KEY_501, "another digest", NOW + 60)
    page = operator.client.get(f"/findings?{query}")
    assert page.status_code == 200
    assert finding_ids(page.text) == expected


def test_a_changed_triage_is_flagged(operator: Operator) -> None:
    operator.post("/findings/501/triage", SET)
    with operator.engine.begin() as connection:
        note_evidence(connection, KEY_501, "another digest", NOW + 60)
    listed = rows(operator.client.get("/findings?risk=High").text)
    assert listed[1][3] == "Accepted risk evidence changed"
    page = operator.client.get("/findings/501").text
    assert '<dt>Evidence</dt><dd><span class="triage-changed">changed</span>' in page
    assert "a later run reported different evidence than when the triage was set." in page
    # Setting it again takes the evidence as it is now.
    operator.post("/findings/501/triage", SET)
    assert rows(operator.client.get("/findings?risk=High").text)[1][3] == "Accepted risk"


def test_an_expired_triage_no_longer_shows(operator: Operator) -> None:
    operator.post("/findings/501/triage", {**SET, "expires": "2017-10-25"})
    assert rows(operator.client.get("/findings?risk=High").text)[1][3] == "Accepted risk"
    operator.clock.now = 1508976000.0  # 2017-10-26
    log_in(operator.client, "olivia")  # the session timed out meanwhile
    assert rows(operator.client.get("/findings?risk=High").text)[1][3] == ""
    assert finding_ids(operator.client.get("/findings?triage=untriaged").text) == [601, 502, 501]
    page = operator.client.get("/findings/501").text
    assert 'Accepted risk, <span class="expired">expired <time' in page


def test_bulk_triage_of_the_selected_rows(operator: Operator) -> None:
    done = operator.post(
        "/findings/triage?sort=risk", {**SET, "scope": "selected", "finding": ["501", "601"]}
    )
    assert (done.status_code, done.headers["location"]) == (303, "/findings?sort=risk&triaged=set&count=2")
    page = operator.client.get(done.headers["location"]).text
    assert notice_of(page) == "Triage set on 2 exploits on ports."
    assert link(page, "Oldest") == "/findings?sort=oldest"  # the notice stays on this page only
    assert [row[2:4] for row in rows(page)[1:]] == [
        [f"Apache byterange filter DoS nmap http-vuln-cve2011-3192 {_preview()}", "Accepted risk"],
        ["ColdFusion directory traversal nmap http-vuln-cve2010-2861 maybe", ""],
        [
            "Missing X-Frame-Options aucote-http-headers x-frame-options X-Frame-Options: missing",
            "Accepted risk",
        ],
    ]
    detail = "accepted_risk until 2030-01-01T00:00:00+00:00: lab box, never exposed"
    assert [row[1:] for row in audit_rows(operator.engine)[-2:]] == [
        ("olivia", "192.0.2.10", "triage", BYTERANGE, detail),
        ("olivia", "192.0.2.10", "triage", FRAME, detail),
    ]
    cleared = operator.post("/findings/triage", {"action": "clear", "finding": ["501", "502"]})
    assert cleared.headers["location"] == "/findings?triaged=cleared&count=1"
    assert (
        notice_of(operator.client.get(cleared.headers["location"]).text)
        == "Triage cleared on 1 exploit on a port."
    )
    assert operator.triage_rows() == [(140, 87, 8107, "accepted_risk", "lab box, never exposed", EXPIRES)]


def test_bulk_triage_of_every_finding_matching_the_filters(operator: Operator) -> None:
    view = "/findings/triage?host=10.12.2.175%2F31&port=5985&limit=1&after=501"
    done = operator.post(view, {**SET, "scope": "filter", "expires": ""})
    # Every page of the view, not the one shown; back to the same page of it.
    assert (
        done.headers["location"]
        == "/findings?limit=1&after=501&host=10.12.2.174%2F31&port=5985&triaged=set&count=2"
    )
    assert (
        notice_of(operator.client.get(done.headers["location"]).text) == "Triage set on 2 exploits on ports."
    )
    assert operator.triage_rows() == [
        (71, 86, 5985, "accepted_risk", "lab box, never exposed", None),
        (72, 86, 5985, "accepted_risk", "lab box, never exposed", None),
    ]
    assert sorted(row[4] for row in audit_rows(operator.engine)[-2:]) == [COLDFUSION, BYTERANGE]
    cleared = operator.post(
        "/findings/triage?triage=triaged&min_risk=high", {"action": "clear", "scope": "filter"}
    )
    assert cleared.headers["location"] == "/findings?min_risk=High&triage=triaged&triaged=cleared&count=1"
    assert [row[0] for row in operator.triage_rows()] == [71]
    nothing = operator.post("/findings/triage?port=1", {**SET, "scope": "filter"})
    assert nothing.headers["location"] == "/findings?port=1&triaged=set&count=0"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"state": "bogus"},
            "Unknown triage state &#39;bogus&#39;: choose accepted risk, false positive or fix pending.",
        ),
        ({"state": ""}, "Choose a triage state: accepted risk, false positive or fix pending."),
        ({"reason": ""}, "Give a reason: it is shown beside the finding and kept in the audit log."),
        ({"reason": "   "}, "Give a reason: it is shown beside the finding and kept in the audit log."),
        ({"reason": "x" * 2001}, "The reason is too long: at most 2,000 characters."),
        (
            {"reason": "a\x00b"},
            "Invalid field &#39;reason&#39;: String should match pattern &#39;^[^\\x00]*$&#39;",
        ),
        ({"expires": "2017-10-24"}, "The expiry 2017-10-24 is not in the future: give a later day, or none."),
        ({"expires": "2017-01-01"}, "The expiry 2017-01-01 is not in the future: give a later day, or none."),
        ({"expires": "next week"}, "The expiry &#39;next week&#39; is not a day (YYYY-MM-DD)."),
        ({"expires": "2030-02-30"}, "The expiry &#39;2030-02-30&#39; is not a day (YYYY-MM-DD)."),
        (
            {"action": "delete"},
            "Invalid field &#39;action&#39;: Input should be &#39;set&#39; or &#39;clear&#39;",
        ),
        ({"colour": "red"}, "Invalid field &#39;colour&#39;: unknown field"),
    ],
)
def test_bad_input_changes_nothing(operator: Operator, data: dict[str, str], message: str) -> None:
    before = audit_rows(operator.engine)
    page = operator.post("/findings/501/triage", {**SET, **data})
    assert page.status_code == 400
    assert error_of(page) == message
    # The finding's page again, the form filled with what was typed.
    assert "<h1>Apache byterange filter DoS</h1>" in page.text
    reason = data.get("reason", SET["reason"]).strip()
    assert f'name="reason" rows="2" maxlength="2000" required>{reason}</textarea>' in page.text
    listed = operator.post("/findings/triage?risk=High", {**SET, "scope": "filter", **data})
    assert listed.status_code == 400
    assert error_of(listed) == message
    assert '<details class="bulk" open>' in listed.text
    assert finding_ids(listed.text) == [501]
    assert operator.triage_rows() == []
    assert audit_rows(operator.engine) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select findings in the table, or choose every finding matching the filters."),
        ({"finding": ["501", "499"]}, "A selected finding does not exist: reload the page and try again."),
        (
            {"finding": ["x"]},
            "Invalid field &#39;finding&#39;: Input should be a valid integer, unable to parse string as an "
            "integer",
        ),
        (
            {"finding": [str(n) for n in range(1001)]},
            "Select at most 1,000 findings at once, or choose every finding matching the filters.",
        ),
    ],
)
def test_a_bad_selection_changes_nothing(operator: Operator, data: dict[str, Any], message: str) -> None:
    page = operator.post("/findings/triage", {**SET, **data})
    assert page.status_code == 400
    assert error_of(page) == message
    assert operator.triage_rows() == []


def test_the_list_keeps_the_selection_when_a_form_comes_back(operator: Operator) -> None:
    page = operator.post("/findings/triage", {**SET, "reason": "", "finding": ["502"]}).text
    assert 'value="502" form="bulk-triage" checked>' in page
    assert 'value="501" form="bulk-triage">' in page


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/findings/triage?port=70000", "Invalid parameter &#39;port&#39;"),
        ("/findings/499/triage", "Finding 499 not found."),
    ],
)
def test_a_bad_address_changes_nothing(operator: Operator, path: str, message: str) -> None:
    page = operator.post(path, {**SET, "scope": "filter"})
    assert page.status_code in (400, 404)
    assert message in page.text
    assert operator.triage_rows() == []


@pytest.mark.parametrize(
    ("data", "message"), [({}, "Missing CSRF token"), ({"csrf_token": "x"}, "Wrong CSRF token")]
)
@pytest.mark.parametrize("path", ["/findings/501/triage", "/findings/triage"])
def test_without_the_sessions_token_nothing_happens(
    operator: Operator, path: str, data: dict[str, str], message: str
) -> None:
    answer = operator.client.post(path, data={**SET, "scope": "filter", **data})
    assert answer.status_code == 403
    assert message in answer.text
    assert operator.triage_rows() == []


def test_a_viewer_sees_no_form_and_is_refused(viewer: TestClient, seeded: Engine) -> None:
    for path in ("/findings", "/findings/501", "/hosts/10.12.2.175"):
        page = viewer.get(path).text
        assert "triage-form" not in page and "bulk-triage" not in page and 'name="finding"' not in page, path
    token = form_token(viewer.get("/findings"))  # the logout form's
    for path in ("/findings/501/triage", "/findings/triage"):
        answer = viewer.post(path, data={"csrf_token": token, **SET, "scope": "filter"})
        assert answer.status_code == 403
        assert "This page needs the operator role." in answer.text
    with seeded.connect() as connection:
        assert connection.execute(select(triage)).all() == []


def _preview() -> str:
    """The list's preview of finding 501's evidence, as a cell's text."""
    return " ".join(LONG_OUTPUT[:PREVIEW].split())


@pytest.mark.parametrize("path", ["/findings", "/findings/501"])
def test_the_forms_fields_are_labelled(operator: Operator, path: str) -> None:
    page = operator.client.get(path).text
    fields = re.findall(r'<(?:input|select|textarea)[^>]* id="([^"]+)"', page)
    assert {"triage-state", "t-state"} & set(fields)
    for field in fields:
        assert f'<label for="{field}">' in page, field
    # The selection boxes carry their label inside theirs.
    assert page.count('<label class="select"><input type="checkbox" name="finding"') == (
        3 if path == "/findings" else 0
    )
