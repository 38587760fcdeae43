"""`GET /tokens` (a user's API tokens; an admin sees every user's), `POST /tokens` (create one:
the page answers with the new token, shown this once and never put in a URL) and
`POST /tokens/{id}/revoke` (revoke one: back to the page, 303). Creating and revoking take a user's
browser session and its CSRF token (`aucote.web.forms`); the changes go through
`aucote.access.api_tokens`, which audits them in the same transaction, as `aucote token` does."""

from collections.abc import Callable
from typing import TypeVar

from fastapi import APIRouter, Depends
from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from aucote.access import api_tokens
from aucote.access.audit import Actor
from aucote.access.errors import AccountError
from aucote.api.clients import client_address
from aucote.api.context import settings_of
from aucote.config.periods import parse_period
from aucote.model.access import Role
from aucote.web.access import page_guard, viewer_of
from aucote.web.forms import form_refusal
from aucote.web.layout import Section, error_page, render
from aucote.web.serving import serve_page
from aucote.web.urls import href
from aucote.web.viewer import Viewer
from aucote.web.views.tokens import (
    TokenForm,
    TokensQuery,
    TokensView,
    management_refusal,
    tokens_view,
    with_tokens,
)

PATH = "/tokens"
READ = [Depends(page_guard(Role.VIEWER))]
T = TypeVar("T")


async def tokens_page(request: Request) -> Response:
    """The viewer's tokens (every user's for an admin)."""
    viewer = viewer_of(request)
    now = settings_of(request).clock()

    def build(connection: Connection, query: TokensQuery, _prefix: str) -> TokensView:
        return tokens_view(connection, viewer, now, query)

    return await serve_page(request, TokensQuery, build, "tokens.html", Section.TOKENS)


async def create_token(request: Request) -> Response:
    """Create a token of the viewer's own; the answer shows it once."""
    viewer = viewer_of(request)
    refusal = await _refusal(request, viewer)
    if refusal is not None:
        return refusal
    fields = await request.form()
    form = TokenForm(
        name=str(fields.get("name") or "").strip(), expires=str(fields.get("expires") or "").strip()
    )
    now = settings_of(request).clock()
    try:
        expires = _expiry(form.expires, now)
        created = await _write(
            request, lambda c: _create(c, viewer, _actor(request, viewer), form.name, expires, now)
        )
    except (AccountError, ValueError) as error:
        message = error.message if isinstance(error, AccountError) else str(error)
        view = await _read(request, lambda c: with_tokens(c, viewer, now, form=form, message=message))
        return render(request, viewer, "tokens.html", Section.TOKENS, {"view": view}, 400)
    view = await _read(request, lambda c: with_tokens(c, viewer, now, created=created))
    return render(request, viewer, "tokens.html", Section.TOKENS, {"view": view}, 201)


async def revoke_token(request: Request, token_id: int) -> Response:
    """Revoke one of the viewer's tokens (an admin: anyone's); back to the page."""
    viewer = viewer_of(request)
    refusal = await _refusal(request, viewer)
    if refusal is not None:
        return refusal
    now = settings_of(request).clock()
    try:
        entry = await _read(request, lambda c: api_tokens.find_token(c, token_id))
    except AccountError:
        return error_page(request, 404, "Not found", f"Token {token_id} not found.", viewer)
    principal = viewer.principal
    if principal is None or not (entry.user.id == principal.user_id or principal.role.allows(Role.ADMIN)):
        return error_page(request, 403, "Forbidden", "Only an admin revokes another user's token.", viewer)
    notice = "already_revoked"
    if entry.token.revoked is None:
        actor = _actor(request, viewer)
        label, user = entry.token.name, entry.user.name
        await _write(
            request, lambda c: api_tokens.revoke_token(c, actor, user_name=user, label=label, now=now)
        )
        notice = "revoked"
    query = {"notice": notice, "token": entry.token.name, "user": entry.user.name}
    return RedirectResponse(href(settings_of(request).prefix, PATH, query), 303)


async def _refusal(request: Request, viewer: Viewer) -> Response | None:
    """A 403 page unless a user's browser session sent the form with its CSRF token."""
    why = management_refusal(viewer)
    if why is not None:
        return error_page(request, 403, "Forbidden", why, viewer)
    return await form_refusal(request, viewer)


def _expiry(text: str, now: float) -> float | None:
    """The expiry time of a lifetime such as `90d` (empty: never)."""
    if not text:
        return None
    try:
        seconds = parse_period(text)
    except ValueError as error:
        raise ValueError(f"Expires after: {error}") from None
    if seconds <= 0:
        raise ValueError(f"Expires after: the lifetime must be longer than 0s, got {text!r}")
    return now + seconds


def _create(
    connection: Connection, viewer: Viewer, actor: Actor, label: str, expires: float | None, now: float
) -> api_tokens.CreatedToken:
    assert viewer.principal is not None  # management_refusal let only a user through
    user = viewer.principal.name
    return api_tokens.create_token(connection, actor, user_name=user, label=label, now=now, expires=expires)


def _actor(request: Request, viewer: Viewer) -> Actor:
    name = viewer.principal.name if viewer.principal is not None else "anonymous"
    return Actor(name=name, address=client_address(request))


async def _write(request: Request, work: Callable[[Connection], T]) -> T:
    """`work` in one transaction, in a worker thread (a write may wait for the scanning process)."""
    engine = settings_of(request).engine

    def run() -> T:
        with engine.begin() as connection:
            return work(connection)

    return await run_in_threadpool(run)


async def _read(request: Request, work: Callable[[Connection], T]) -> T:
    engine = settings_of(request).engine

    def run() -> T:
        with engine.connect() as connection:
            return work(connection)

    return await run_in_threadpool(run)


def router() -> APIRouter:
    """The tokens page's routes."""
    routes = APIRouter(include_in_schema=False)
    routes.add_api_route(PATH, tokens_page, methods=["GET"], dependencies=READ)
    routes.add_api_route(PATH, create_token, methods=["POST"], dependencies=READ)
    routes.add_api_route(PATH + "/{token_id:int}/revoke", revoke_token, methods=["POST"], dependencies=READ)
    return routes
