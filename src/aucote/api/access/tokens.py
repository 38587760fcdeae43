"""A user's API token as the credential of a request: one indexed read of its SHA-256 on the event
loop (`aucote.access.api_tokens.token_use`; a read never waits for a writer under SQLite's WAL or
PostgreSQL), and, at most once a minute per token, the note of its use written in a worker thread,
because that write may wait for the scanning process's transaction and must not hold up the event
loop meanwhile (only the request that notes waits)."""

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from aucote.access.api_tokens import note_use, token_use
from aucote.access.tokens import looks_like_token
from aucote.model.access import Principal


async def token_principal(engine: Engine, token: str, now: float) -> Principal | None:
    """The principal of a valid (known, unrevoked, unexpired, enabled user's) token, else None."""
    if not looks_like_token(token):
        return None
    with engine.connect() as connection:
        use = token_use(connection, token, now)
    if use is None:
        return None
    if use.note_due:
        await run_in_threadpool(_note, engine, use.token_id, now)
    return use.principal


def _note(engine: Engine, token_id: int, now: float) -> None:
    with engine.begin() as connection:
        note_use(connection, token_id, now)
