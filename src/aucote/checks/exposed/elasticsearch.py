"""Elasticsearch or OpenSearch open to anyone: `GET /` names the cluster and its version and
`GET /_cat/indices` lists its indices, without credentials (security disabled, or an anonymous
user with read rights). The root document alone is no finding."""

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.http_api import REFUSED, Api, ask_api, names
from aucote.model.target import Port


async def _question(api: Api) -> str | None:
    root = await api.get("/")
    if root.status in REFUSED:
        return None
    if root.status != 200 or root.field("cluster_name") is None or root.field("version", "number") is None:
        raise ValueError(f"not Elasticsearch or OpenSearch: GET / -> {root.status}")
    indices = await api.get("/_cat/indices?format=json&h=index,docs.count")
    if indices.status != 200 or indices.items() is None:
        return None
    product = root.field("version", "distribution") or "elasticsearch"
    return (
        f"{product} answers without authentication: GET / -> cluster {root.field('cluster_name')}, "
        f"version {root.field('version', 'number')}; GET /_cat/indices -> "
        f"{len(indices.items() or [])} indices: {names(indices.items(), 'index')}"
    )


async def elasticsearch_without_auth(port: Port, context: CheckContext) -> str | None:
    """Evidence: product, cluster, version and index names (at most 10)."""
    return await ask_api(port, context, frozenset(), _question)
