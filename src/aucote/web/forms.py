"""The dashboard's state-changing forms (POST: start and stop a scanner, triage findings, API
tokens): a form sent with the session cookie must carry the session's CSRF token
(`aucote.api.login.csrf`) in its `csrf_token` field, else it is answered with a 403 page and
nothing changes. A request authenticated by a Bearer token needs none: a browser never adds one by
itself."""

from typing import Final

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from aucote.api.login.csrf import CSRF_FIELD, MESSAGES, token_refusal
from aucote.model.access import Credential
from aucote.web.layout import error_page
from aucote.web.viewer import Viewer

NO_TOKEN: Final = "The form came without the session's CSRF token: reload the page and try again."
MAX_FIELDS: Final = 1100
"""Fields a form may post: the findings list's bulk form names up to 1,000 findings (the page shows
at most 500 rows), beside a few other fields. More is a 400 from the form parser."""


async def posted_form(request: Request) -> FormData:
    """The request's form (parsed once, then kept for the endpoint), no file taken."""
    return await request.form(max_files=0, max_fields=MAX_FIELDS)


async def form_refusal(request: Request, viewer: Viewer) -> Response | None:
    """A 403 page unless the form carries the session's CSRF token (or came with a Bearer token)."""
    if viewer.principal is not None and viewer.principal.credential is not Credential.SESSION:
        return None
    if viewer.csrf_token is None:
        return error_page(request, 403, "Forbidden", NO_TOKEN, viewer)
    given = (await posted_form(request)).get(CSRF_FIELD)
    refusal = token_refusal(given if isinstance(given, str) else None, viewer.csrf_token)
    if refusal is not None:
        return error_page(request, 403, "Forbidden", MESSAGES[refusal], viewer)
    return None
