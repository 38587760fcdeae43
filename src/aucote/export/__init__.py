"""Exports of findings and hosts as files (CSV, JSON, SARIF 2.1.0, DefectDojo's Generic Findings
Import): rows read from storage in batches and written as they come, so memory stays flat however
many rows there are. Used by `aucote export` and the API's `/api/v1/export/...`."""
