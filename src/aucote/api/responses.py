"""JSON responses built from the response models (fields in declared order)."""

from collections.abc import Mapping

from pydantic import BaseModel
from starlette.responses import Response

from aucote.api.schemas.common import Meta
from aucote.api.times import human, number


def json_response(
    body: BaseModel, status_code: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    """Serialise a response model."""
    return Response(body.model_dump_json(), status_code, headers, media_type="application/json")


def meta_at(timestamp: float) -> Meta:
    """The meta block for a moment."""
    return Meta(timestamp=number(timestamp), human_timestamp=human(timestamp))
