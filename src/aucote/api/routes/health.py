"""`/healthz` (the process answers) and `/readyz` (it can do its work: aucote.api.readiness),
public and outside the versioned API and its prefix, for load balancers and orchestrators."""

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from aucote.api.readiness import Readiness
from aucote.api.responses import json_response
from aucote.api.schemas.health import Alive, ProblemBody, ReadyBody

HEALTHZ = "/healthz"
READYZ = "/readyz"
NO_STORE = {"Cache-Control": "no-store"}


async def healthz() -> Response:
    """200 whenever the API process answers; touches nothing else."""
    return json_response(Alive(), headers=NO_STORE)


async def readyz(request: Request) -> Response:
    """200 when ready, else 503 with every reason."""
    readiness: Readiness = request.app.state.readiness
    problems = await readiness.problems()
    body = ReadyBody(
        ready=not problems, problems=[ProblemBody(reason=p.reason, detail=p.detail) for p in problems]
    )
    return json_response(body, 503 if problems else 200, NO_STORE)


def router() -> APIRouter:
    """The health endpoints (not in the OpenAPI document: they are not part of the API)."""
    routes = APIRouter(include_in_schema=False)
    for path, endpoint in ((HEALTHZ, healthz), (READYZ, readyz)):
        routes.add_api_route(path, endpoint, methods=["GET"])
    return routes
