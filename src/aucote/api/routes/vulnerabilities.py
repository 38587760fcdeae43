"""`/api/v1/vulnerabilities`, `/api/v1/vulnerability/{id}` (with the triage on `include=triage`)."""

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from aucote.api.context import ApiDep
from aucote.api.errors import NotFound
from aucote.api.filters import VulnerabilityItemParameters, VulnerabilityParameters
from aucote.api.render.vulnerabilities import vulnerability, vulnerability_detail
from aucote.api.responses import json_response
from aucote.api.routing import add_get
from aucote.api.schemas.vulnerabilities import VulnerabilityDetail, VulnerabilityList
from aucote.model.access import Role
from aucote.storage.queries import vulnerabilities as stored

LIST = ("/api/v1/vulnerabilities",)
ITEM = ("/api/v1/vulnerability/{id:int}", "/api/v1/vulnerabilities/{id:int}")
TRIAGE = "triage"


def list_vulnerabilities(api: ApiDep, parameters: Annotated[VulnerabilityParameters, Query()]) -> Response:
    """Findings in the order they were recorded, outputs cut to 100 characters (with the triage
    applying to each on `include=triage`)."""
    window = parameters.window()
    now = api.settings.clock()
    with_triage = parameters.include == TRIAGE
    with api.connect() as connection:
        triage_at = now if with_triage else None
        page = stored.list_vulnerabilities(connection, parameters.where(now), window, triage_at=triage_at)
    body = VulnerabilityList(
        vulnerabilities=[vulnerability(row, api.links, with_triage=with_triage) for row in page.rows],
        navigation=api.links.navigation(window, page.has_next),
        meta=api.meta(),
    )
    return json_response(body)


def get_vulnerability(
    api: ApiDep, id: int, parameters: Annotated[VulnerabilityItemParameters, Query()]
) -> Response:
    """A finding with its whole output (and its triage on `include=triage`)."""
    with_triage = parameters.include == TRIAGE
    triage_at = api.settings.clock() if with_triage else None
    with api.connect() as connection:
        row = stored.get_vulnerability(connection, id, triage_at=triage_at)
        if row is None:
            raise NotFound("Vulnerability")
        history = stored.scans_of_finding(connection, row)
    detail = vulnerability_detail(row, history, api.links, api.meta(), with_triage=with_triage)
    return json_response(detail)


def router() -> APIRouter:
    """The vulnerability endpoints."""
    routes = APIRouter(tags=["vulnerabilities"])
    add_get(routes, LIST, list_vulnerabilities, VulnerabilityList, role=Role.VIEWER)
    add_get(routes, ITEM, get_vulnerability, VulnerabilityDetail, role=Role.VIEWER)
    return routes
