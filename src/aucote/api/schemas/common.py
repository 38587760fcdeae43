"""Fragments shared by many responses: meta, errors, navigation, node, port, exploit, scan."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, WithJsonSchema

# A stored time or score: integral values are sent as integers, others as floats.
Number = Annotated[int | float, WithJsonSchema({"type": "number"})]


class Schema(BaseModel):
    """Base of every response model: no other keys than the declared ones."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Meta(Schema):
    """When the response was made; ends every body."""

    timestamp: Number
    human_timestamp: str


class Error(Schema):
    """Every error: a short message naming what is wrong."""

    code: str
    meta: Meta


class Navigation(Schema):
    """Paging of a list: null links where there is no such page."""

    limit: int
    page: int
    next_page: str | None
    previous_page: str | None


class Node(Schema):
    """A node: stable id and address."""

    id: int
    ip: str


class Port(Schema):
    """A port of a node."""

    port_number: int
    protocol: str
    node: Node


class ExploitRef(Schema):
    """The exploit a security scan ran."""

    id: int
    app: str
    name: str


class Scan(Schema):
    """A scan as embedded everywhere; protocol is null for a tools scanner's scan."""

    id: int
    url: str
    start: Number
    start_human: str
    end: Number | None
    end_human: str | None
    protocol: str | None
    scanner: str
    scanner_url: str
