"""`/api/v1/audit`, `/api/v1/audit/{id}`: the audit log, for admins."""

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from aucote.api.context import ApiDep
from aucote.api.errors import NotFound
from aucote.api.filters import AuditParameters
from aucote.api.render.audit import audit_entry
from aucote.api.responses import json_response
from aucote.api.routing import add_get
from aucote.api.schemas.audit import AuditDetail, AuditList
from aucote.model.access import Role
from aucote.storage.queries import audit as stored

LIST = ("/api/v1/audit",)
ITEM = ("/api/v1/audit/{id:int}",)


def list_audit(api: ApiDep, parameters: Annotated[AuditParameters, Query()]) -> Response:
    """Audit entries, newest first."""
    window = parameters.window()
    with api.connect() as connection:
        page = stored.list_audit(connection, parameters.where(), window)
    body = AuditList(
        audit=[audit_entry(entry, api.links) for entry in page.rows],
        navigation=api.links.navigation(window, page.has_next),
        meta=api.meta(),
    )
    return json_response(body)


def get_audit(api: ApiDep, id: int) -> Response:
    """One audit entry."""
    with api.connect() as connection:
        entry = stored.get_audit_entry(connection, id)
    if entry is None:
        raise NotFound("Audit entry")
    return json_response(AuditDetail(**dict(audit_entry(entry, api.links)), meta=api.meta()))


def router() -> APIRouter:
    """The audit log endpoints."""
    routes = APIRouter(tags=["audit"])
    add_get(routes, LIST, list_audit, AuditList, role=Role.ADMIN)
    add_get(routes, ITEM, get_audit, AuditDetail, parameters=False, role=Role.ADMIN)
    return routes
