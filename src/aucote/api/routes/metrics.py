"""`/metrics`: Prometheus' scrape endpoint (docs/operations.md#metrics), outside the versioned API
and its prefix; it needs the viewer role like the API's reads unless service.metrics.public."""

from fastapi import APIRouter, Depends
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from starlette.requests import Request
from starlette.responses import Response

from aucote.api.access.guard import require
from aucote.api.metrics import ApiMetrics
from aucote.model.access import Role

METRICS = "/metrics"


async def metrics(request: Request) -> Response:
    """Both processes' metrics."""
    source: ApiMetrics = request.app.state.metrics
    return Response(await source.exposition(), media_type=CONTENT_TYPE_PLAIN_0_0_4)


def router(public: bool) -> APIRouter:
    """The metrics endpoint, public or for viewers (not in the OpenAPI document)."""
    routes = APIRouter(include_in_schema=False)
    guard = [] if public else [Depends(require(Role.VIEWER))]
    routes.add_api_route(METRICS, metrics, methods=["GET"], dependencies=guard)
    return routes
