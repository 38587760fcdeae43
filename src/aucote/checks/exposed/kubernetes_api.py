"""Kubernetes API server open to anonymous clients: `GET /api/v1/namespaces` answered with a
NamespaceList instead of 401 (anonymous authentication off) or 403 (the anonymous user has no
rights). `/version` alone is no finding: Kubernetes shows it to anyone by default
(`system:public-info-viewer`)."""

from typing import Final

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.http_api import REFUSED, Api, ask_api, names
from aucote.model.target import Port

TLS_PORTS: Final = frozenset({6443, 443})


async def _question(api: Api) -> str | None:
    namespaces = await api.get("/api/v1/namespaces")
    if namespaces.status in REFUSED and namespaces.field("kind") in ("Status", None):
        return None
    if namespaces.status != 200 or namespaces.field("kind") != "NamespaceList":
        raise ValueError(f"not a Kubernetes API server: GET /api/v1/namespaces -> {namespaces.status}")
    version = await api.get("/version")
    listed = [item.get("metadata", {}) for item in namespaces.items("items") or [] if isinstance(item, dict)]
    return (
        "Kubernetes API server answers without authentication: "
        f"GET /version -> {version.field('gitVersion')}; "
        f"GET /api/v1/namespaces -> {len(listed)} namespaces: {names(listed, 'name')}"
    )


async def kubernetes_api_without_auth(port: Port, context: CheckContext) -> str | None:
    """Evidence: the server's version and its namespaces (at most 10 named)."""
    return await ask_api(port, context, TLS_PORTS, _question)
