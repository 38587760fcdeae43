"""Bodies of `/healthz` and `/readyz` (operations endpoints beside the API, docs/operations.md)."""

from typing import Literal

from pydantic import BaseModel

from aucote.model.health import NotReady


class Alive(BaseModel):
    """The process answers."""

    status: Literal["ok"] = "ok"


class ProblemBody(BaseModel):
    """One reason the service is not ready."""

    reason: NotReady
    detail: str


class ReadyBody(BaseModel):
    """Whether the service is ready, and if not why."""

    ready: bool
    problems: list[ProblemBody]
