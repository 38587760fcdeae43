"""Readiness (`/readyz`): the database answers and is at the schema this version ships, the
scanning process answers and no scanner is stuck, and the CVE data is not older than cve.max_age.
Each check is one short lookup (the stored part runs in a worker thread with a time limit), so a
prober may ask every second (bench/health_bench.py)."""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from starlette.concurrency import run_in_threadpool

from aucote.api.errors import ApiError
from aucote.config.periods import format_period
from aucote.live.health import HealthSource, ServiceHealth
from aucote.model.health import NotReady
from aucote.storage.migrate import head_revision
from aucote.storage.queries.health import StoredState, last_cve_import, schema_revision

TIME_LIMIT = 2.0
"""Seconds each check may take before it counts as not answering."""


@dataclass(frozen=True, slots=True)
class Problem:
    """Why the service is not ready."""

    reason: NotReady
    detail: str


class Readiness:
    """The checks of `/readyz` over an engine and the service's health source."""

    def __init__(self, engine: Engine, health: HealthSource, clock: Callable[[], float]) -> None:
        self._engine, self._health, self._clock = engine, health, clock
        self._head: str | None = None

    @property
    def head(self) -> str | None:
        """The newest revision this version ships (read from the migrations once)."""
        if self._head is None:
            self._head = head_revision(self._engine)
        return self._head

    async def problems(self) -> list[Problem]:
        """Every reason the service is not ready now (none: ready)."""
        stored, service = await asyncio.gather(self._stored(), self._service())
        found = list(stored if isinstance(stored, list) else self._schema(stored))
        if isinstance(service, Problem):
            found.append(service)
        else:
            found += stuck_problems(service)
            if not isinstance(stored, list):
                found += cve_problems(stored.last_cve_import, service.cve_max_age, self._clock())
        return found

    async def _stored(self) -> StoredState | list[Problem]:
        try:
            return await asyncio.wait_for(run_in_threadpool(self._read), TIME_LIMIT)
        except TimeoutError:
            return [Problem(NotReady.DATABASE_UNREACHABLE, f"no answer within {TIME_LIMIT:g} s")]
        except _Unreachable as error:
            return [Problem(NotReady.DATABASE_UNREACHABLE, str(error))]

    def _read(self) -> StoredState:
        try:
            connection = self._engine.connect()
        except DBAPIError as error:
            raise _Unreachable(_first_line(error)) from None
        with connection:
            try:
                revision = schema_revision(connection)
                current = revision == self.head
                return StoredState(revision, last_cve_import(connection) if current else None)
            except DBAPIError as error:
                if error.connection_invalidated:
                    raise _Unreachable(_first_line(error)) from None
                return StoredState(None, None)  # no alembic_version table: no schema

    def _schema(self, stored: StoredState) -> list[Problem]:
        if stored.revision == self.head:
            return []
        detail = f"the database is at revision {stored.revision}, this version needs {self.head}"
        return [Problem(NotReady.SCHEMA_NOT_CURRENT, f"{detail} (aucote db upgrade)")]

    async def _service(self) -> ServiceHealth | Problem:
        try:
            return await asyncio.wait_for(self._health.health(), TIME_LIMIT)
        except (TimeoutError, ApiError):
            return Problem(NotReady.SERVICE_NOT_ANSWERING, "the scanning process did not answer")


class _Unreachable(Exception):
    """The database refused or dropped the connection."""


def _first_line(error: DBAPIError) -> str:
    return str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__


def stuck_problems(service: ServiceHealth) -> list[Problem]:
    """One problem per stuck scanner."""
    note = "its run has lasted longer than service.health.stuck_after"
    return [Problem(NotReady.SCANNER_STUCK, f"{name}: {note}") for name in service.stuck]


def cve_problems(last_import: float | None, max_age: float | None, now: float) -> list[Problem]:
    """The CVE data's age against cve.max_age (nothing when it is not set)."""
    if max_age is None:
        return []
    if last_import is None:
        return [Problem(NotReady.CVE_DATA_MISSING, "no CVE feed was imported (aucote cve import)")]
    age = now - last_import
    if age <= max_age:
        return []
    detail = f"the last import is {format_period(round(age))} old, cve.max_age is {format_period(max_age)}"
    return [Problem(NotReady.CVE_DATA_STALE, detail)]
