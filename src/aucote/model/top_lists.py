"""The overview's top lists (docs/dashboard.md#the-overviews-top-lists)."""

from enum import StrEnum


class TopList(StrEnum):
    """Which values a top list counts hosts for (its name in storage)."""

    PORT = "port"
    SERVICE = "service"
    PRODUCT = "product"
    CVE = "cve"
