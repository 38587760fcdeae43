"""Imported nmap reports: which file (by SHA-256) was stored as which scans."""

from collections.abc import Mapping

from sqlalchemy import Connection, insert, select

from aucote.storage.tables import imported_report_scans, imported_reports, scans


def imported_scans(connection: Connection, sha256: str) -> dict[str, int] | None:
    """Scanner name -> scan id of the earlier import of the file, or None if it was never imported."""
    report = connection.execute(
        select(imported_reports.c.id).where(imported_reports.c.sha256 == sha256)
    ).scalar_one_or_none()
    if report is None:
        return None
    rows = connection.execute(
        select(scans.c.scanner, scans.c.id)
        .join(imported_report_scans, imported_report_scans.c.scan_id == scans.c.id)
        .where(imported_report_scans.c.report_id == report)
        .order_by(scans.c.id)
    )
    return {row.scanner: row.id for row in rows}


def add_import(
    connection: Connection, sha256: str, file_name: str, time: float, scan_ids: Mapping[str, int]
) -> None:
    """Record that the file was imported as these scans."""
    report = connection.execute(
        insert(imported_reports)
        .values(sha256=sha256, file_name=file_name, time=time)
        .returning(imported_reports.c.id)
    ).scalar_one()
    rows = [{"report_id": report, "scan_id": scan_id} for scan_id in scan_ids.values()]
    if rows:
        connection.execute(insert(imported_report_scans), rows)
