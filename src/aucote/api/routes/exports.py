"""`/api/v1/export/findings`, `/api/v1/export/hosts`: a whole filtered list as a file, streamed."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response, StreamingResponse

from aucote.api.context import Api, ApiDep
from aucote.api.filters import FindingExportParameters, HostExportParameters
from aucote.api.routing import add_download
from aucote.export import exports
from aucote.export.exports import MEDIA_TYPES, Export
from aucote.model.access import Role
from aucote.model.export import ExportKind

FINDINGS = ("/api/v1/export/findings",)
HOSTS = ("/api/v1/export/hosts",)


def export_findings(api: ApiDep, parameters: Annotated[FindingExportParameters, Query()]) -> Response:
    """The findings the vulnerability list shows for the same filters (informational output only
    with `min_risk=None` or a `risk_level`), in any order of pages, as one file."""
    export = Export(ExportKind.FINDINGS, parameters.export_format())
    return _download(api, export, exports.findings(api.settings.engine, parameters.where(), export.format))


def export_hosts(api: ApiDep, parameters: Annotated[HostExportParameters, Query()]) -> Response:
    """Every open port of the port scans the port list shows for the same filters, once, as one file."""
    export = Export(ExportKind.HOSTS, parameters.export_format())
    return _download(api, export, exports.hosts(api.settings.engine, parameters.where(), export.format))


def _download(api: Api, export: Export, chunks: Iterator[str]) -> Response:
    """The file, streamed as the rows are read, saved under a name of its kind, time and format."""
    disposition = f'attachment; filename="{export.file_name(api.settings.clock())}"'
    return StreamingResponse(
        chunks, media_type=export.media_type, headers={"Content-Disposition": disposition}
    )


def router() -> APIRouter:
    """The export endpoints."""
    routes = APIRouter(tags=["exports"])
    media_types = sorted(set(MEDIA_TYPES.values()))
    add_download(routes, FINDINGS, export_findings, media_types, role=Role.VIEWER)
    add_download(routes, HOSTS, export_hosts, media_types, role=Role.VIEWER)
    return routes
