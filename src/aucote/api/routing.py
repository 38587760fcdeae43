"""Registering endpoints under all their paths (canonical form first, then aliases), each with its
role rule (`aucote.api.access.guard.require`), its response model and the JSON error body declared
for 400/401/(403)/404/405 and any other status."""

import functools
import inspect
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel
from starlette.responses import StreamingResponse

from aucote.api.access.guard import require
from aucote.api.params import NoParameters
from aucote.api.schemas.common import Error
from aucote.model.access import Role

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Error, "description": "A query parameter is unknown or has a bad value"},
    404: {"model": Error, "description": "Unknown id, name or path"},
    405: {"model": Error, "description": "The path does not serve this method"},
    "default": {"model": Error, "description": "Any other error"},
}
UNAUTHORIZED: dict[int | str, dict[str, Any]] = {
    401: {
        "model": Error,
        "description": "No credential where one is needed, or a wrong, revoked or expired one",
    },
}
FORBIDDEN: dict[int | str, dict[str, Any]] = {
    403: {"model": Error, "description": "The credential's role does not allow this"},
}
OPEN_NOTE = (
    " Without a credential while reads are open: the API listens on loopback only and no user exists,"
    " or service.api.public_read is true."
)


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
    role: Role,
    parameters: bool = True,
) -> None:
    """Serve `endpoint` at every path to `role`; `parameters=False` refuses any query parameter."""
    add_route(router, paths, endpoint, model, role=role, parameters=parameters)


def add_route(
    router: APIRouter,
    paths: Sequence[str],
    endpoint: Callable[..., Any],
    model: type[BaseModel],
    *,
    role: Role,
    method: str = "GET",
    status_code: int = 200,
    parameters: bool = True,
    dependencies: Sequence[Any] = (),
    errors: Mapping[int | str, dict[str, Any]] | None = None,
) -> None:
    """Serve `endpoint` for `method` at every path to principals of `role` or a larger one,
    answering `status_code` with `model`."""
    needs = [Depends(require(role)), *([] if parameters else [Depends(no_parameters)]), *dependencies]
    refusals = UNAUTHORIZED if role is Role.VIEWER else {**UNAUTHORIZED, **FORBIDDEN}
    for path in paths:
        router.add_api_route(
            path,
            on_loop(endpoint),
            methods=[method],
            status_code=status_code,
            response_model=model,
            responses={**ERRORS, **refusals, **(errors or {})},
            operation_id=operation_id(method, path),
            description=role_description(endpoint, role),
            dependencies=needs,
        )


def role_description(endpoint: Callable[..., Any], role: Role) -> str:
    """The endpoint's docstring, then the role it needs."""
    text = inspect.cleandoc(endpoint.__doc__ or "")
    note = OPEN_NOTE if role is Role.VIEWER else ""
    return f"{text}\n\nRole: {role.value}.{note}".strip()


def add_download(
    router: APIRouter,
    paths: Sequence[str],
    endpoint: Callable[..., Any],
    media_types: Sequence[str],
    *,
    role: Role,
) -> None:
    """Serve `endpoint` to `role`, answering a file streamed in one of `media_types` (not a JSON
    model), at every path; errors are the JSON error body, as everywhere."""
    ok = {"description": "The file", "content": {media_type: {} for media_type in media_types}}
    refusals = UNAUTHORIZED if role is Role.VIEWER else {**UNAUTHORIZED, **FORBIDDEN}
    for path in paths:
        router.add_api_route(
            path,
            on_loop(endpoint),
            methods=["GET"],
            response_class=StreamingResponse,
            responses={200: ok, **ERRORS, **refusals},
            operation_id=operation_id("GET", path),
            description=role_description(endpoint, role),
            dependencies=[Depends(require(role))],
        )
