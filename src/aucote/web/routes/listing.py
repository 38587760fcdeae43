"""The route of a keyset list page (the findings, the hosts), for viewers: `GET {path}`, a page of
the list (filters, order and page in the URL), its view built with the clock's now. `list_page`
serves it again for a form that posts back to it (a triage form with its error)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy import Connection
from starlette.requests import Request
from starlette.responses import Response

from aucote.api.context import settings_of
from aucote.model.access import Role
from aucote.web.access import page_guard
from aucote.web.layout import Section
from aucote.web.serving import serve_page

QueryT = TypeVar("QueryT", bound=BaseModel)
READ = [Depends(page_guard(Role.VIEWER))]


@dataclass(frozen=True, slots=True, kw_only=True)
class Listing(Generic[QueryT]):
    """A list at `path` in `section`: its query model, its view (connection, query, prefix, now)
    and its template."""

    path: str
    section: Section
    query: type[QueryT]
    view: Callable[[Connection, QueryT, str, float], Any]
    template: str


async def list_page(
    request: Request, listing: Listing[Any], *, form: object = None, status: int = 200
) -> Response:
    """A page of the list (the request's query), with a posted `form` to show again."""
    now = settings_of(request).clock()

    def build(connection: Connection, query: BaseModel, prefix: str) -> Any:
        return listing.view(connection, query, prefix, now)

    return await serve_page(
        request, listing.query, build, listing.template, listing.section, form=form, status=status
    )


def list_router(listing: Listing[Any]) -> APIRouter:
    """The list's route."""

    async def list_endpoint(request: Request) -> Response:
        return await list_page(request, listing)

    list_endpoint.__doc__ = f"A page of {listing.path}."
    routes = APIRouter(include_in_schema=False)
    routes.add_api_route(listing.path, list_endpoint, methods=["GET"], dependencies=READ)
    return routes
