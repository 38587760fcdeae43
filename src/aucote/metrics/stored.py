"""Metrics of the stored state that another process may change (`aucote cve import`), read at
each scrape with one index lookup: the age of the CVE data."""

from collections.abc import Callable, Iterator

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from aucote.storage.queries.health import last_cve_import


class StoredCollector(Collector):
    """`aucote_cve_data_age_seconds`: time since the last CVE import (absent when there was none
    or the database does not answer)."""

    def __init__(self, engine: Engine, clock: Callable[[], float]) -> None:
        self._engine, self._clock = engine, clock

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """The CVE data's age, when known."""
        try:
            with self._engine.connect() as connection:
                last = last_cve_import(connection)
        except DBAPIError:
            return
        if last is not None:
            yield GaugeMetricFamily(
                "aucote_cve_data_age_seconds",
                "Time since the last aucote cve import",
                value=self._clock() - last,
            )
