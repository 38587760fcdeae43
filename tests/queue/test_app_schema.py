"""procrastinate's schema on a new database: a service and workers starting together (each
calling ensure_schema) take turns; the first applies it, the others find it there."""

import asyncio

import pytest

from aucote.queue.app import ensure_schema, make_app
from tests.queue.conftest import workers_settings
from tests.support.postgres import fresh_database

pytestmark = pytest.mark.postgres


def test_processes_starting_together_apply_the_schema_once(postgres_server_url: str) -> None:
    with fresh_database(postgres_server_url) as url:
        results = asyncio.run(_together(url, 4))
    assert results == [None] * 4


async def _together(url: str, count: int) -> list[BaseException | None]:
    apps = [make_app(url, workers_settings()) for _ in range(count)]
    for app in apps:
        await app.open_async()
    try:
        results = await asyncio.gather(*(ensure_schema(app) for app in apps), return_exceptions=True)
        found = await apps[0].connector.execute_query_one_async(
            "SELECT count(*) AS n FROM procrastinate_jobs"
        )
        assert found["n"] == 0
    finally:
        for app in apps:
            await app.close_async()
    return list(results)
