"""`aucote_rows_pruned_total{table}`: rows the service's scheduled prunes deleted, by table (counted
as each prune ends; `aucote db prune` runs in its own process and is not counted)."""

from collections.abc import Mapping

from prometheus_client import CollectorRegistry, Counter

from aucote.model.retention import PrunedTable


class PruneMetrics:
    """The counter of pruned rows on `registry`, every table shown from the start (at 0)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.rows = Counter(
            "aucote_rows_pruned", "Rows deleted by retention, by table", ["table"], registry=registry
        )
        for table in PrunedTable:
            self.rows.labels(table.value)

    def pruned(self, deleted: Mapping[PrunedTable, int]) -> None:
        """Count a prune's deleted rows."""
        for table, count in deleted.items():
            self.rows.labels(table.value).inc(count)
