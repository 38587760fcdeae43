"""The operators' triage forms on the finding page and the findings list: the posted fields read
and checked with the API's own types (`aucote.api.params`, `aucote.api.triage_requests`: the
state, a reason of 1 to 2,000 characters, at most 1,000 named findings), the expiry a UTC day in
the future (the triage stops applying at its midnight), and the problem said in a sentence; what
was typed is kept to fill the form again. Also the sentence saying what a form did."""

from dataclasses import dataclass, replace
from datetime import date
from typing import Annotated, Final, Literal

from pydantic import Field, ValidationError
from starlette.datastructures import FormData

from aucote.api.login.csrf import CSRF_FIELD
from aucote.api.params import Parameters, RowId, TriageStateFilter
from aucote.api.triage_changes import MAX_SELECTED
from aucote.api.triage_requests import MAX_ITEMS, Reason
from aucote.model.triage import TriageDecision, TriageInputProblem, TriageState
from aucote.web.params import TriageNotice, day_start

Problem = TriageInputProblem
MESSAGES: Final = {
    Problem.NO_STATE: "Choose a triage state: accepted risk, false positive or fix pending.",
    Problem.UNKNOWN_STATE: "Unknown triage state '{value}': choose accepted risk, false positive or "
    "fix pending.",
    Problem.NO_REASON: "Give a reason: it is shown beside the finding and kept in the audit log.",
    Problem.LONG_REASON: "The reason is too long: at most 2,000 characters.",
    Problem.BAD_EXPIRY: "The expiry '{value}' is not a day (YYYY-MM-DD).",
    Problem.PAST_EXPIRY: "The expiry {value} is not in the future: give a later day, or none.",
    Problem.NOTHING_SELECTED: "Select findings in the table, or choose every finding matching the filters.",
    Problem.TOO_MANY_SELECTED: f"Select at most {MAX_ITEMS:,} findings at once, or choose every finding "
    "matching the filters.",
    Problem.UNKNOWN_FINDING: "A selected finding does not exist: reload the page and try again.",
    Problem.TOO_MANY_MATCHING: f"The filters match more than {MAX_SELECTED:,} exploits on ports: "
    "narrow them.",
    Problem.BAD_FIELD: "Invalid field '{name}': {value}",
}
STATES: Final = (
    (TriageState.ACCEPTED_RISK.value, "Accepted risk"),
    (TriageState.FALSE_POSITIVE.value, "False positive"),
    (TriageState.FIX_PENDING.value, "Fix pending"),
)
"""The states an operator chooses from, with their labels."""
ITEMS: Final = "finding"
"""The field naming the selected findings (a stored report's id each)."""


class TriageFields(Parameters):
    """The form's fields: set or clear; for a set the state, reason and expiry day; for the list's
    bulk form, the selected findings or every finding matching the view (`scope`)."""

    action: Literal["set", "clear"] = "set"
    state: TriageStateFilter | None = None
    reason: Reason | None = None
    expires: date | None = None
    scope: Literal["selected", "filter"] = "selected"
    finding: Annotated[list[RowId], Field(max_length=MAX_ITEMS)] = []


@dataclass(frozen=True, slots=True, kw_only=True)
class TriageForm:
    """A posted triage form: what was typed (to fill the form again), the fields read (None when
    they could not be), and what is wrong with it (None: nothing)."""

    typed: dict[str, str]
    selected: frozenset[str]
    fields: TriageFields | None
    problem: TriageInputProblem | None = None
    message: str | None = None

    def value(self, name: str) -> str:
        """What was typed in the field `name` ('' when nothing)."""
        return self.typed.get(name, "")

    def refused(self, problem: TriageInputProblem, **values: str) -> "TriageForm":
        """The form with `problem`."""
        return replace(self, problem=problem, message=MESSAGES[problem].format(**values))

    def decision(self, actor: str) -> TriageDecision:
        """The decision the form sets (a set form without a problem)."""
        fields = self.fields
        assert fields is not None and fields.state is not None and fields.reason is not None
        return TriageDecision(
            state=TriageState(fields.state),
            reason=fields.reason,
            expires=day_start(fields.expires),
            actor=actor,
        )


def read_triage_form(form: FormData, now: float) -> TriageForm:
    """The posted form, checked as of `now` (the CSRF token left out)."""
    typed = {
        name: value.strip()
        for name, value in form.multi_items()
        if isinstance(value, str) and name not in (CSRF_FIELD, ITEMS)
    }
    items = [value.strip() for value in form.getlist(ITEMS) if isinstance(value, str) and value.strip()]
    given = {name: value for name, value in typed.items() if value}
    read = TriageForm(typed=typed, selected=frozenset(items), fields=None)
    try:
        fields = TriageFields.model_validate({**given, ITEMS: items})
    except ValidationError as error:
        return _invalid(read, error)
    read = replace(read, fields=fields)
    if fields.action == "clear":
        return read
    if fields.state is None:
        return read.refused(Problem.NO_STATE)
    if fields.reason is None:
        return read.refused(Problem.NO_REASON)
    expires = day_start(fields.expires)
    if expires is not None and expires <= now:
        return read.refused(Problem.PAST_EXPIRY, value=str(fields.expires))
    return read


def _invalid(read: TriageForm, error: ValidationError) -> TriageForm:
    """The form with the problem of the first field pydantic refused."""
    first = error.errors()[0]
    name, kind = (str(first["loc"][0]) if first["loc"] else "form"), first["type"]
    if name == "state":
        return read.refused(Problem.UNKNOWN_STATE, value=read.value("state"))
    if name == "reason" and kind in ("string_too_long", "string_too_short"):
        return read.refused(Problem.LONG_REASON if kind == "string_too_long" else Problem.NO_REASON)
    if name == "expires":
        return read.refused(Problem.BAD_EXPIRY, value=read.value("expires"))
    if name == ITEMS and kind == "too_long":
        return read.refused(Problem.TOO_MANY_SELECTED)
    problem = "unknown field" if kind == "extra_forbidden" else first["msg"]
    return read.refused(Problem.BAD_FIELD, name=name, value=problem)


def notice_text(notice: TriageNotice, *, bulk: bool) -> str | None:
    """What an operator's triage form did, said after its redirect (None: no form was posted)."""
    if notice.triaged is None:
        return None
    count = notice.count or 0
    if not bulk:
        if notice.triaged == "set":
            return "Triage set."
        return "Triage cleared." if count else "There was no triage to clear."
    pairs = f"{count} exploit{'s' if count != 1 else ''} on {'ports' if count != 1 else 'a port'}"
    if notice.triaged == "set":
        return f"Triage set on {pairs}."
    return f"Triage cleared on {pairs}." if count else "There was no triage to clear: nothing changed."
