"""`/api/v1/workers`: the workers of the job queue and the jobs of each zone."""

from fastapi import APIRouter
from starlette.responses import Response

from aucote.api.context import ApiDep
from aucote.api.render.workers import worker_list
from aucote.api.responses import json_response
from aucote.api.routing import add_get
from aucote.api.schemas.workers import WorkerList
from aucote.model.access import Role
from aucote.storage.queries import workers as stored

LIST = ("/api/v1/workers",)


def list_workers(api: ApiDep) -> Response:
    """Every worker (alive, stopped or lost) with its running jobs, and per zone the jobs queued
    and running."""
    with api.connect() as connection:
        rows = stored.workers(connection)
        jobs = stored.open_jobs(connection)
    return json_response(worker_list(rows, jobs, api.settings.clock(), api.meta()))


def router() -> APIRouter:
    """The workers endpoint."""
    routes = APIRouter(tags=["workers"])
    add_get(routes, LIST, list_workers, WorkerList, parameters=False, role=Role.VIEWER)
    return routes
