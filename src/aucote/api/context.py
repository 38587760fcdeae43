"""What endpoints are given: the app's settings (database, URL prefix, live sources, clock, the
service's controller and access control's state) and, per request, the URL builder."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends
from sqlalchemy import Connection, Engine
from starlette.requests import Request

from aucote.api.access.state import Access
from aucote.api.links import Links, links_for
from aucote.api.responses import meta_at
from aucote.api.schemas.common import Meta
from aucote.live.control import Controller
from aucote.live.views import ScannerSource, TaskSource

Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class ApiSettings:
    """Everything the app was built with."""

    engine: Engine
    prefix: str
    scanners: ScannerSource
    tasks: TaskSource
    clock: Clock
    control: Controller | None
    access: Access


@dataclass(frozen=True, slots=True)
class Api:
    """One request's view of the app."""

    settings: ApiSettings
    links: Links

    def connect(self) -> Connection:
        """A database connection (use it in a `with`)."""
        return self.settings.engine.connect()

    def meta(self) -> Meta:
        """The meta block for now."""
        return meta_at(self.settings.clock())


def settings_of(request: Request) -> ApiSettings:
    """The settings the app was built with."""
    settings: ApiSettings = request.app.state.settings
    return settings


async def api(request: Request) -> Api:
    """Dependency: the request's Api (a coroutine, so it costs no thread hop)."""
    settings = settings_of(request)
    return Api(settings, links_for(request, settings.prefix))


ApiDep = Annotated[Api, Depends(api)]
