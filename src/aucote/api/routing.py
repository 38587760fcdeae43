"""Registering endpoints under all their paths (canonical form first, then aliases), each with its
response model and the JSON error body declared for 400/404/405 and any other status."""

import functools
import inspect
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel
from starlette.responses import StreamingResponse

from aucote.api.params import NoParameters
from aucote.api.schemas.common import Error

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Error, "description": "A query parameter is unknown or has a bad value"},
    404: {"model": Error, "description": "Unknown id, name or path"},
    405: {"model": Error, "description": "The path does not serve this method"},
    "default": {"model": Error, "description": "Any other error"},
}


async def no_parameters(_: Annotated[NoParameters, Query()]) -> None:
    """Dependency of endpoints without query parameters: any parameter is unknown (400)."""


def operation_id(method: str, path: str) -> str:
    """GET `/api/v1/sec_scan/{id:int}` → `get_sec_scan_id`."""
    words = re.sub(r"\{(\w+)(:\w+)?\}", r"\1", path.removeprefix("/api/v1/"))
    return f"{method.lower()}_" + re.sub(r"\W+", "_", words).strip("_")


def on_loop(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """`endpoint` as a coroutine that runs it on the event loop: its queries are short (an index
    range), and handing each request to a worker thread and back costs two more thread wake-ups,
    each a wait for a core when the machine is busy (bench/service_bench.py api-under-load)."""
    if inspect.iscoroutinefunction(endpoint):
        return endpoint

    @functools.wraps(endpoint)
    async def inline(*args: Any, **kwargs: Any) -> Any:
        return endpoint(*args, **kwargs)

    return inline


def add_get(
    router: APIRouter,
    paths: Sequence[str],
    endpoint: Callable[..., Any],
    model: type[BaseModel],
    *,
    parameters: bool = True,
) -> None:
    """Serve `endpoint` at every path; `parameters=False` refuses any query parameter."""
    add_route(router, paths, endpoint, model, parameters=parameters)


def add_route(
    router: APIRouter,
    paths: Sequence[str],
    endpoint: Callable[..., Any],
    model: type[BaseModel],
    *,
    method: str = "GET",
    status_code: int = 200,
    parameters: bool = True,
    dependencies: Sequence[Any] = (),
    errors: Mapping[int | str, dict[str, Any]] | None = None,
) -> None:
    """Serve `endpoint` for `method` at every path, answering `status_code` with `model`."""
    needs = [*dependencies] if parameters else [Depends(no_parameters), *dependencies]
    for path in paths:
        router.add_api_route(
            path,
            on_loop(endpoint),
            methods=[method],
            status_code=status_code,
            response_model=model,
            responses={**ERRORS, **(errors or {})},
            operation_id=operation_id(method, path),
            dependencies=needs,
        )


def add_download(
    router: APIRouter, paths: Sequence[str], endpoint: Callable[..., Any], media_types: Sequence[str]
) -> None:
    """Serve `endpoint`, answering a file streamed in one of `media_types` (not a JSON model), at
    every path; errors are the JSON error body, as everywhere."""
    ok = {"description": "The file", "content": {media_type: {} for media_type in media_types}}
    for path in paths:
        router.add_api_route(
            path,
            on_loop(endpoint),
            methods=["GET"],
            response_class=StreamingResponse,
            responses={200: ok, **ERRORS},
            operation_id=operation_id("GET", path),
        )
