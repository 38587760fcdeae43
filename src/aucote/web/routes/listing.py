"""The routes of a keyset list and its items' pages (the findings, the hosts), for viewers:
`GET {path}` a page of the list (filters, order and page in the URL) and `GET {path}/{key}` an
item's page; each view built with the clock's now. `list_page` and `item_page` serve them again
for a form that posts back to them (a triage form with its error)."""

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

ListT = TypeVar("ListT", bound=BaseModel)
ItemT = TypeVar("ItemT", bound=BaseModel)
READ = [Depends(page_guard(Role.VIEWER))]


@dataclass(frozen=True, slots=True, kw_only=True)
class Listing(Generic[ListT, ItemT]):
    """A list at `path` in `section`: its query model, view (connection, query, prefix, now) and
    template; its items at `path/{item}` (`item`: the key's name and convertor, `finding_id:int`),
    their query model, view (connection, key, query, prefix, now) and template."""

    path: str
    section: Section
    query: type[ListT]
    view: Callable[[Connection, ListT, str, float], Any]
    template: str
    item: str
    item_query: type[ItemT]
    item_view: Callable[[Connection, Any, ItemT, str, float], Any]
    item_template: str

    @property
    def key(self) -> str:
        """The name of the item's path parameter."""
        return self.item.split(":")[0]


async def list_page(
    request: Request, listing: Listing[Any, Any], *, form: object = None, status: int = 200
) -> Response:
    """A page of the list (the request's query), with a `form` to show again."""
    now = settings_of(request).clock()

    def build(connection: Connection, query: BaseModel, prefix: str) -> Any:
        return listing.view(connection, query, prefix, now)

    return await serve_page(
        request, listing.query, build, listing.template, listing.section, form=form, status=status
    )


async def item_page(
    request: Request, listing: Listing[Any, Any], *, form: object = None, status: int = 200
) -> Response:
    """An item's page (the key from the request's path), with a `form` to show again."""
    now, key = settings_of(request).clock(), request.path_params[listing.key]

    def build(connection: Connection, query: BaseModel, prefix: str) -> Any:
        return listing.item_view(connection, key, query, prefix, now)

    return await serve_page(
        request, listing.item_query, build, listing.item_template, listing.section, form=form, status=status
    )


def list_router(listing: Listing[Any, Any]) -> APIRouter:
    """The list's and its items' routes."""

    async def list_endpoint(request: Request) -> Response:
        return await list_page(request, listing)

    async def item_endpoint(request: Request) -> Response:
        return await item_page(request, listing)

    list_endpoint.__doc__ = f"A page of {listing.path}."
    item_endpoint.__doc__ = f"An item of {listing.path}."
    routes = APIRouter(include_in_schema=False)
    routes.add_api_route(listing.path, list_endpoint, methods=["GET"], dependencies=READ)
    routes.add_api_route(
        f"{listing.path}/{{{listing.item}}}", item_endpoint, methods=["GET"], dependencies=READ
    )
    return routes
