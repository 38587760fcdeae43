"""`POST /findings/{id}/triage` (a finding's triage form) and `POST /findings/triage` (the findings
list's bulk form: the selected rows, or every finding matching the view's filters, which the
form's address carries). Operators only (the route's guard: else the login page or a 403 page),
with the session's CSRF token (`aucote.web.forms`). The change goes through the API's code path
(`aucote.api.triage_changes`: one transaction with an audit entry per exploit on a port, then the
day's totals), and the browser is sent back to the page saying what changed (303,
Post/Redirect/Get). Bad input: the page again with the form as typed and the error (400), nothing
stored."""

from collections.abc import Sequence

from fastapi import APIRouter, Depends
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from aucote.access.audit import Actor
from aucote.api.context import settings_of
from aucote.api.operators import acting
from aucote.api.triage_changes import NamedFinding, Selection, TriageOutcome, clear_triage_on, set_triage_on
from aucote.model.access import Role
from aucote.model.triage import FindingKey, TriageInputProblem, TriageRefusal
from aucote.storage.queries.findings import finding_keys
from aucote.web.access import page_guard, viewer_of
from aucote.web.forms import form_refusal, posted_form
from aucote.web.layout import error_page
from aucote.web.params import FindingsQuery
from aucote.web.query import BadParameter, read_query
from aucote.web.routes.findings import FINDINGS, finding_page
from aucote.web.routes.listing import list_page
from aucote.web.triage_form import TriageForm, read_triage_form
from aucote.web.urls import href
from aucote.web.views.findings import PATH, TRIAGE_PATH, view_values

Problem = TriageInputProblem


async def triage_finding(request: Request, finding_id: int) -> Response:
    """Set or clear the triage of the finding's exploit on its port."""
    viewer = viewer_of(request)
    if (refusal := await form_refusal(request, viewer)) is not None:
        return refusal
    settings = settings_of(request)
    keys = await run_in_threadpool(_keys, settings.engine, [finding_id])
    if finding_id not in keys:
        return error_page(request, 404, "Not found", f"Finding {finding_id} not found.", viewer)
    form = read_triage_form(await posted_form(request), settings.clock())
    if form.problem is None:
        outcome = await _change(request, form, [_named(keys[finding_id])])
        if outcome.refusal is None:
            done = _done(form, outcome)
            return RedirectResponse(href(settings.prefix, f"{PATH}/{finding_id}", done), 303)
        form = _refused(form, outcome)
    return await finding_page(request, form=form, status=400)


async def triage_findings(request: Request) -> Response:
    """Set or clear the triage of the selected findings, or of every finding the view (the query
    of the form's address) lists."""
    viewer = viewer_of(request)
    if (refusal := await form_refusal(request, viewer)) is not None:
        return refusal
    settings = settings_of(request)
    try:
        query = read_query(request, FindingsQuery)
    except BadParameter as bad:
        return error_page(request, 400, "Bad request", bad.message, viewer)
    now = settings.clock()
    form = read_triage_form(await posted_form(request), now)
    if form.problem is None:
        form, selection = await _selection(settings.engine, form, query, now)
        if form.problem is None and selection is not None:
            outcome = await _change(request, form, selection)
            if outcome.refusal is None:
                back = {**view_values(query), **_done(form, outcome)}
                return RedirectResponse(href(settings.prefix, PATH, back), 303)
            form = _refused(form, outcome)
    return await list_page(request, FINDINGS, form=form, status=400)


async def _selection(
    engine: Engine, form: TriageForm, query: FindingsQuery, now: float
) -> tuple[TriageForm, Selection | None]:
    """What the bulk form selects: the view's filter, or the selected rows' exploits on ports."""
    assert form.fields is not None
    if form.fields.scope == "filter":
        return form, query.where(now)
    ids = form.fields.finding
    if not ids:
        return form.refused(Problem.NOTHING_SELECTED), None
    keys = await run_in_threadpool(_keys, engine, ids)
    if any(report not in keys for report in ids):
        return form.refused(Problem.UNKNOWN_FINDING), None
    return form, [_named(key) for key in dict.fromkeys(keys[report] for report in ids)]


async def _change(request: Request, form: TriageForm, selection: Selection) -> TriageOutcome:
    """Set or clear (the form's action) on the selection, as the request's principal."""
    settings, actor = settings_of(request), await acting(request)
    return await run_in_threadpool(_apply, settings.engine, form, selection, actor, settings.clock())


def _apply(engine: Engine, form: TriageForm, selection: Selection, actor: Actor, now: float) -> TriageOutcome:
    assert form.fields is not None
    if form.fields.action == "clear":
        return clear_triage_on(engine, selection, actor, now)
    return set_triage_on(engine, selection, form.decision(actor.name), actor, now)


def _keys(engine: Engine, report_ids: Sequence[int]) -> dict[int, FindingKey]:
    with engine.connect() as connection:
        return finding_keys(connection, report_ids)


def _named(key: FindingKey) -> NamedFinding:
    return NamedFinding(exploit_id=key.exploit_id, port=key.port, protocol=key.protocol, node_id=key.node_id)


def _done(form: TriageForm, outcome: TriageOutcome) -> dict[str, str | int]:
    """The notice of the page the browser goes back to."""
    assert form.fields is not None
    return {"triaged": "cleared" if form.fields.action == "clear" else "set", "count": outcome.count}


def _refused(form: TriageForm, outcome: TriageOutcome) -> TriageForm:
    """The form with the refusal of the change (a finding gone meanwhile, a filter too wide)."""
    if outcome.refusal is TriageRefusal.TOO_MANY:
        return form.refused(Problem.TOO_MANY_MATCHING)
    return form.refused(Problem.UNKNOWN_FINDING)


def router() -> APIRouter:
    """The triage forms' routes."""
    routes = APIRouter(include_in_schema=False)
    operate = [Depends(page_guard(Role.OPERATOR))]
    routes.add_api_route(TRIAGE_PATH, triage_findings, methods=["POST"], dependencies=operate)
    routes.add_api_route(
        PATH + "/{finding_id:int}/triage", triage_finding, methods=["POST"], dependencies=operate
    )
    return routes
