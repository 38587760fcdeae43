"""A user's API token as the credential of a request: looked up by its SHA-256 through the unique
index (`aucote.access.api_tokens.principal_for_token`), in a worker thread, because the lookup may
also note the token's use (at most once a minute), a write that on SQLite can wait for the
scanning process's transaction and must not hold up the event loop meanwhile."""

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from aucote.access.api_tokens import principal_for_token
from aucote.access.tokens import looks_like_token
from aucote.model.access import Principal


async def token_principal(engine: Engine, token: str, now: float) -> Principal | None:
    """The principal of a valid (known, unrevoked, unexpired, enabled user's) token, else None."""
    if not looks_like_token(token):
        return None
    return await run_in_threadpool(_lookup, engine, token, now)


def _lookup(engine: Engine, token: str, now: float) -> Principal | None:
    with engine.begin() as connection:
        return principal_for_token(connection, token, now)
