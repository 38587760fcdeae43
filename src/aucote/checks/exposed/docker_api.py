"""Docker Engine API without authentication: `GET /version` answers the engine's version and
`GET /info` its containers and images (both read-only), which means anyone who reaches the port
can also start a privileged container, i.e. own the host."""

from typing import Final

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.http_api import REFUSED, Api, ask_api
from aucote.model.target import Port

TLS_PORTS: Final = frozenset({2376})


async def _question(api: Api) -> str | None:
    version = await api.get("/version")
    if version.status in REFUSED:
        return None
    if version.status != 200 or version.field("ApiVersion") is None:
        raise ValueError(f"not a Docker Engine API: GET /version -> {version.status}")
    info = await api.get("/info")
    if info.status != 200 or info.field("Containers") is None:
        return None
    return (
        "Docker Engine API answers without authentication: GET /version -> "
        f"Version {version.field('Version')}, ApiVersion {version.field('ApiVersion')}, "
        f"Os {version.field('Os')}; "
        f"GET /info -> Name {info.field('Name')}, Containers {info.field('Containers')}, "
        f"Images {info.field('Images')}"
    )


async def docker_api_without_auth(port: Port, context: CheckContext) -> str | None:
    """Evidence: the engine's version and its counts of containers and images."""
    return await ask_api(port, context, TLS_PORTS, _question)
