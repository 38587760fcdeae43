"""Reading a page's query string into its parameter model: empty fields (an HTML form sends every
field) count as absent; a bad or unknown parameter is a 400 page naming it."""

from typing import TypeVar

from pydantic import BaseModel, ValidationError
from starlette.requests import Request

ModelT = TypeVar("ModelT", bound=BaseModel)


class BadParameter(Exception):
    """A query parameter the page cannot read: its name and why."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")
        self.name, self.problem = name, problem

    @property
    def message(self) -> str:
        """The sentence shown on the error page."""
        return f"Invalid parameter '{self.name}': {self.problem}"


def read_query(request: Request, model: type[ModelT]) -> ModelT:
    """The request's query as `model` (raises BadParameter)."""
    values: dict[str, str] = {}
    for name, value in request.query_params.multi_items():
        if value.strip():
            values[name] = value.strip()
    try:
        return model.model_validate(values)
    except ValidationError as error:
        first = error.errors()[0]
        name = ".".join(str(part) for part in first["loc"]) or "query"
        problem = "unknown parameter" if first["type"] == "extra_forbidden" else first["msg"]
        raise BadParameter(name, problem) from None
