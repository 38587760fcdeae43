"""Every error is JSON: `{"code": "<message>", "meta": {...}}` with a proper status. Unknown ids
and paths → 404, a method the path does not serve → 405 (with Allow), a bad or unknown query
parameter → 400 naming it, a refused credential → 401, anything unexpected → 500 (never HTML)."""

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from aucote.api.context import Clock
from aucote.api.responses import json_response, meta_at
from aucote.api.schemas.common import Error

LOG = logging.getLogger(__name__)
MESSAGES = {404: "Not found", 405: "Method not allowed"}


class ApiError(Exception):
    """An error answered as such: status, message, extra headers."""

    def __init__(self, status: int, code: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(code)
        self.status, self.code, self.headers = status, code, headers


class NotFound(ApiError):
    """An id or name that names nothing: "<what> not found"."""

    def __init__(self, what: str) -> None:
        super().__init__(404, f"{what} not found")


def describe(errors: Sequence[Any]) -> tuple[int, str]:
    """Status and message for request validation errors (the first one is reported)."""
    if not errors:
        return 400, "Invalid request"
    first = errors[0]
    location = [str(part) for part in first.get("loc", ())]  # e.g. query, node_ip, <union member>
    name = location[1] if len(location) > 1 else "request"
    if location and location[0] == "path":
        return 404, MESSAGES[404]
    if first.get("type") == "extra_forbidden":
        return 400, f"Unknown parameter '{name}'"
    return 400, f"Invalid parameter '{name}': {first.get('msg', 'invalid value')}"


@dataclass(frozen=True, slots=True)
class ErrorHandlers:
    """Exception handlers rendering the error body with the app's clock."""

    clock: Clock

    def reply(self, status: int, code: str, headers: Mapping[str, str] | None = None) -> Response:
        """An error response."""
        return json_response(Error(code=code, meta=meta_at(self.clock())), status, headers)

    async def refused(self, request: Request, exc: Exception) -> Response:
        """An error raised by an endpoint."""
        if not isinstance(exc, ApiError):
            return await self.crash(request, exc)
        return self.reply(exc.status, exc.code, exc.headers)

    async def invalid(self, _request: Request, exc: Exception) -> Response:
        """Bad query parameters (or a path parameter that names nothing)."""
        status, code = describe(exc.errors() if isinstance(exc, RequestValidationError) else ())
        return self.reply(status, code)

    async def http(self, _request: Request, exc: Exception) -> Response:
        """Routing errors: unknown path, wrong method."""
        if not isinstance(exc, HTTPException):
            return await self.crash(_request, exc)
        code = MESSAGES.get(exc.status_code, str(exc.detail))
        return self.reply(exc.status_code, code, exc.headers)

    async def crash(self, request: Request, exc: Exception) -> Response:
        """A bug: logged, answered with a JSON 500."""
        LOG.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return self.reply(500, "Internal server error")


def install_error_handlers(app: FastAPI, clock: Clock) -> None:
    """Route every error through the JSON error body."""
    handlers = ErrorHandlers(clock)
    app.add_exception_handler(ApiError, handlers.refused)
    app.add_exception_handler(RequestValidationError, handlers.invalid)
    app.add_exception_handler(HTTPException, handlers.http)
    app.add_exception_handler(Exception, handlers.crash)
