"""A change (storage's `changes` rows) as a sentence of the feed and the timeline."""

from dataclasses import dataclass

from aucote.engine.changes import (
    PORT_CLOSED,
    PORT_OPENED,
    SERVICE_CHANGED,
    VULNERABILITY_APPEARED,
    VULNERABILITY_CHANGED,
    VULNERABILITY_DISAPPEARED,
)
from aucote.storage.queries.changes import ChangeRow
from aucote.web.pages import protocol_name

SENTENCES = {
    PORT_OPENED: "port {port} opened",
    PORT_CLOSED: "port {port} closed",
    SERVICE_CHANGED: "service on {port} changed",
    VULNERABILITY_APPEARED: "{exploit} found on {port}",
    VULNERABILITY_DISAPPEARED: "{exploit} resolved on {port}",
    VULNERABILITY_CHANGED: "{exploit} changed on {port}",
}
KINDS = {
    PORT_OPENED: "opened",
    PORT_CLOSED: "closed",
    SERVICE_CHANGED: "changed",
    VULNERABILITY_APPEARED: "appeared",
    VULNERABILITY_DISAPPEARED: "resolved",
    VULNERABILITY_CHANGED: "changed",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeLine:
    """A change as shown: the row, its sentence, a short kind and the values before and after."""

    change: ChangeRow
    sentence: str
    kind: str
    before: str | None
    after: str | None


def change_line(change: ChangeRow) -> ChangeLine:
    """The change as a line of the feed."""
    port = "" if change.port is None else f"{change.port}/{protocol_name(change.protocol)}"
    exploit = "a finding" if change.exploit is None else change.exploit.name
    template = SENTENCES.get(change.kind, change.kind.replace("_", " ") + " on {port}")
    return ChangeLine(
        change=change,
        sentence=template.format(port=port, exploit=exploit),
        kind=KINDS.get(change.kind, "changed"),
        before=change.previous_value if change.kind == SERVICE_CHANGED else None,
        after=change.current_value if change.kind == SERVICE_CHANGED else None,
    )
