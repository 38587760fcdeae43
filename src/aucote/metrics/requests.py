"""API request latency by route: an ASGI middleware timing each HTTP request into a histogram
labelled with the method and the matched route's path template (`/api/v1/scan/{id:int}`), so
that ids do not make new series; requests matching no route count as `unmatched`."""

import time

from prometheus_client import CollectorRegistry, Histogram
from starlette.types import ASGIApp, Receive, Scope, Send

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
UNMATCHED = "unmatched"


def request_histogram(registry: CollectorRegistry) -> Histogram:
    """The latency histogram on `registry`."""
    return Histogram(
        "aucote_api_request_duration_seconds",
        "API and dashboard request latency, by method and route",
        ["method", "route"],
        buckets=BUCKETS,
        registry=registry,
    )


class RequestTimer:
    """Times every HTTP request passing through to `app`."""

    def __init__(self, app: ASGIApp, histogram: Histogram) -> None:
        self.app, self.histogram = app, histogram

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        finally:
            route = getattr(scope.get("route"), "path", UNMATCHED)
            self.histogram.labels(scope["method"], route).observe(time.perf_counter() - start)
