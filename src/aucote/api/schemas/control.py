"""Answers of the control endpoints."""

from aucote.api.schemas.common import Meta, Schema


class Accepted(Schema):
    """The request was accepted and is being carried out."""

    code: str
    meta: Meta
