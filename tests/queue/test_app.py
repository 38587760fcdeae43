"""The App's connector: its sessions plan each statement for its values, so a worker's fetch keeps
looking up its own queue when another zone has many jobs queued (see aucote.queue.app)."""

import asyncio
from urllib.parse import quote

from aucote.queue.app import make_app
from tests.queue.conftest import workers_settings

SETTINGS = (
    "SELECT current_setting('plan_cache_mode') AS plans, current_setting('statement_timeout') AS timeout"
)


def settings_of(url: str) -> dict[str, str]:
    async def read() -> dict[str, str]:
        app = make_app(url, workers_settings())
        async with app.open_async():
            row = await app.connector.execute_query_one_async(SETTINGS)
        return {"plans": row["plans"], "timeout": row["timeout"]}

    return asyncio.run(read())


def test_the_queue_sessions_plan_each_statement_for_its_values(queue_url: str) -> None:
    assert settings_of(queue_url)["plans"] == "force_custom_plan"


def test_options_given_in_the_database_url_are_kept(queue_url: str) -> None:
    url = f"{queue_url}?options={quote('-cstatement_timeout=4321')}"
    assert settings_of(url) == {"plans": "force_custom_plan", "timeout": "4321ms"}
