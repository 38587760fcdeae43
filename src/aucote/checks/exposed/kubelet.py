"""Kubernetes kubelet API without authentication: `GET /pods` (or `GET /runningpods/`) on the
kubelet's port lists the node's pods to an anonymous client (`--anonymous-auth=true` with
`--authorization-mode=AlwaysAllow`), which also lets it run commands in them (`/exec`, `/run`)."""

from typing import Final

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.http_api import REFUSED, Api, ApiReply, ask_api, names
from aucote.model.target import Port

TLS_PORTS: Final = frozenset({10250})
PATHS: Final = ("/pods", "/runningpods/")


def _pod_names(reply: ApiReply) -> str:
    pods = [item.get("metadata") if isinstance(item, dict) else None for item in reply.items("items") or []]
    return names([f"{pod.get('namespace')}/{pod.get('name')}" for pod in pods if isinstance(pod, dict)], "")


async def _question(api: Api) -> str | None:
    for path in PATHS:
        reply = await api.get(path)
        if reply.status in REFUSED:
            return None
        if reply.status == 200 and reply.field("kind") == "PodList":
            count = len(reply.items("items") or [])
            listed = f"PodList of {count} pods: {_pod_names(reply)}"
            return f"Kubelet API answers without authentication: GET {path} -> {listed}"
    raise ValueError(f"not a kubelet API: GET {PATHS[-1]} -> {reply.status}")


async def kubelet_without_auth(port: Port, context: CheckContext) -> str | None:
    """Evidence: the pods the kubelet lists (namespace/name, at most 10)."""
    return await ask_api(port, context, TLS_PORTS, _question)
