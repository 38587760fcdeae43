"""CouchDB open to anyone: `GET /_all_dbs` lists the databases without credentials ("admin
party", or `[chttpd] admin_only_all_dbs = false` with no `require_valid_user`). The public welcome
document of `GET /` is no finding on its own."""

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.http_api import REFUSED, Api, ask_api, names
from aucote.model.target import Port


async def _question(api: Api) -> str | None:
    welcome = await api.get("/")
    if welcome.status in REFUSED:
        return None
    if welcome.status != 200 or welcome.field("couchdb") != "Welcome":
        raise ValueError(f"not CouchDB: GET / -> {welcome.status}")
    databases = await api.get("/_all_dbs")
    if databases.status != 200 or databases.items() is None:
        return None
    listed = databases.items()
    return (
        f"CouchDB {welcome.field('version')} answers without authentication: GET /_all_dbs -> "
        f"{len(listed or [])} databases: {names(listed, '')}"
    )


async def couchdb_without_auth(port: Port, context: CheckContext) -> str | None:
    """Evidence: the version and the database names (at most 10)."""
    return await ask_api(port, context, frozenset(), _question)
