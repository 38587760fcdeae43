"""`/api/v1/vulnerabilities`, `/api/v1/vulnerability/{id}`."""

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from aucote.api.context import ApiDep
from aucote.api.errors import NotFound
from aucote.api.filters import VulnerabilityParameters
from aucote.api.render.vulnerabilities import vulnerability, vulnerability_detail
from aucote.api.responses import json_response
from aucote.api.routing import add_get
from aucote.api.schemas.vulnerabilities import VulnerabilityDetail, VulnerabilityList
from aucote.model.access import Role
from aucote.storage.queries import vulnerabilities as stored

LIST = ("/api/v1/vulnerabilities",)
ITEM = ("/api/v1/vulnerability/{id:int}", "/api/v1/vulnerabilities/{id:int}")


def list_vulnerabilities(api: ApiDep, parameters: Annotated[VulnerabilityParameters, Query()]) -> Response:
    """Findings in the order they were recorded, outputs cut to 100 characters."""
    window = parameters.window()
    with api.connect() as connection:
        page = stored.list_vulnerabilities(connection, parameters.where(), window)
    body = VulnerabilityList(
        vulnerabilities=[vulnerability(row, api.links) for row in page.rows],
        navigation=api.links.navigation(window, page.has_next),
        meta=api.meta(),
    )
    return json_response(body)


def get_vulnerability(api: ApiDep, id: int) -> Response:
    """A finding with its whole output."""
    with api.connect() as connection:
        row = stored.get_vulnerability(connection, id)
        if row is None:
            raise NotFound("Vulnerability")
        history = stored.scans_of_finding(connection, row)
    return json_response(vulnerability_detail(row, history, api.links, api.meta()))


def router() -> APIRouter:
    """The vulnerability endpoints."""
    routes = APIRouter(tags=["vulnerabilities"])
    add_get(routes, LIST, list_vulnerabilities, VulnerabilityList, role=Role.VIEWER)
    add_get(routes, ITEM, get_vulnerability, VulnerabilityDetail, parameters=False, role=Role.VIEWER)
    return routes
