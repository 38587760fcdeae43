"""`GET /api/v1/triage` (the triage entries, paged; viewers), `PUT /api/v1/triage` (set a triage on
findings named one by one or by a filter of the finding list) and `DELETE /api/v1/triage` (clear
it): operators, each change audited per exploit on a port (aucote.api.triage_changes)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from aucote.access.audit import Actor
from aucote.api.context import Api, ApiDep
from aucote.api.errors import ApiError
from aucote.api.filters import TriageParameters
from aucote.api.operators import acting
from aucote.api.params import protocol_number
from aucote.api.render.triage import triage_entry
from aucote.api.responses import json_response
from aucote.api.routing import add_get, add_route
from aucote.api.schemas.triage import TriageChanged, TriageList
from aucote.api.triage_changes import (
    NamedFinding,
    Selection,
    TriageOutcome,
    clear_triage_on,
    set_triage_on,
)
from aucote.api.triage_requests import FindingItem, TriageClear, TriageSet
from aucote.api.triage_requests import Selection as SelectionBody
from aucote.model.access import Role
from aucote.model.triage import TriageDecision, TriageRefusal, TriageState
from aucote.storage.queries.triage import list_triage

PATHS = ("/api/v1/triage",)

ActorDep = Annotated[Actor, Depends(acting)]


def list_entries(api: ApiDep, parameters: Annotated[TriageParameters, Query()]) -> Response:
    """Triage entries, newest first."""
    window = parameters.window()
    now = api.settings.clock()
    with api.connect() as connection:
        page = list_triage(connection, parameters.where(now), window)
    body = TriageList(
        triage=[triage_entry(row, api.links, now) for row in page.rows],
        navigation=api.links.navigation(window, page.has_next),
        meta=api.meta(),
    )
    return json_response(body)


async def set_entries(api: ApiDep, actor: ActorDep, body: TriageSet) -> Response:
    """Set a triage (state, reason, optional expiry) on the exploits and ports of the findings named
    in `findings` or matched by `filter` (the finding list's filters), replacing any earlier one."""
    now = api.settings.clock()
    if body.expires is not None and body.expires <= now:
        raise ApiError(400, "Invalid parameter 'expires': it is not in the future")
    decision = TriageDecision(
        state=TriageState(body.state), reason=body.reason, expires=body.expires, actor=actor.name
    )
    outcome = await run_in_threadpool(
        set_triage_on, api.settings.engine, _selection(body, now), decision, actor, now
    )
    return _changed(api, "Triage set", outcome)


async def clear_entries(api: ApiDep, actor: ActorDep, body: TriageClear) -> Response:
    """Clear the triage of the exploits and ports of the findings named or matched; `count` says how
    many had one."""
    now = api.settings.clock()
    outcome = await run_in_threadpool(clear_triage_on, api.settings.engine, _selection(body, now), actor, now)
    return _changed(api, "Triage cleared", outcome)


def _selection(body: SelectionBody, now: float) -> Selection:
    if (problem := body.problem()) is not None:
        raise ApiError(400, problem)
    if body.filter is not None:
        return body.filter.where(now)
    return [_named(item) for item in body.findings or []]


def _named(item: FindingItem) -> NamedFinding:
    protocol = protocol_number(item.protocol)
    assert protocol is not None
    return NamedFinding(
        exploit_id=item.exploit_id,
        port=item.port,
        protocol=protocol,
        node_ip=item.node_ip,
        node_id=item.node_id,
    )


def _changed(api: Api, code: str, outcome: TriageOutcome) -> Response:
    if outcome.refusal is TriageRefusal.UNKNOWN_FINDING:
        raise ApiError(
            400, f"Invalid parameter 'findings[{outcome.detail}]': no finding of that exploit on that port"
        )
    if outcome.refusal is TriageRefusal.TOO_MANY:
        raise ApiError(
            400,
            f"Invalid parameter 'filter': it selects more than {outcome.detail} exploits on ports; narrow it",
        )
    return json_response(TriageChanged(code=code, count=outcome.count, meta=api.meta()))


def router() -> APIRouter:
    """The triage endpoints."""
    routes = APIRouter(tags=["triage"])
    add_get(routes, PATHS, list_entries, TriageList, role=Role.VIEWER)
    for method, endpoint in (("PUT", set_entries), ("DELETE", clear_entries)):
        add_route(routes, PATHS, endpoint, TriageChanged, role=Role.OPERATOR, method=method, parameters=False)
    return routes
