"""Property-based run of schemathesis over the OpenAPI document, against the ASGI app over the
seeded database, on SQLite and on PostgreSQL.

Every operation (aliases included) gets generated requests, valid ones and (where it has
parameters) invalid ones, sent with an admin's API token (made through aucote.access); each response
must not be a 5xx, must have a declared status and content type and match its schema, and invalid
requests must be refused. The control calls reach a stand-in of the service's controller."""

from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import Engine, create_engine

from aucote.api.app import OPENAPI_URL, create_app
from aucote.model.access import Role
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from tests.api.access_support import Service, add_user, bearer, token
from tests.support.postgres import fresh_database
from tests.support.seed_data import seed

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
EXAMPLES = 100
Operation = schemathesis.APIOperation[Any, Any, Any, Any]
Case = schemathesis.Case[Any]
# The operations, read from the document of an app over a database never connected to.
OPERATIONS = sorted(
    (path, method.upper())
    for path, methods in create_app(create_engine("sqlite://")).openapi()["paths"].items()
    for method in methods
)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def api_schema(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[schemathesis.BaseSchema, dict[str, str]]]:
    """The app's OpenAPI document as schemathesis loads it, requests going to the app itself, and
    the Authorization header of an admin."""
    database: AbstractContextManager[str]
    if request.param == "sqlite":
        database = nullcontext(f"sqlite:///{tmp_path_factory.mktemp('schemathesis') / 'aucote.sqlite3'}")
    else:
        database = fresh_database(request.getfixturevalue("postgres_server_url"))
    with database as url:
        engine: Engine = open_engine(url)
        upgrade(engine)
        seed(engine)
        add_user(engine, "root", Role.ADMIN)
        admin = bearer(token(engine, "root", "schemathesis"))
        yield schemathesis.openapi.from_asgi(OPENAPI_URL, create_app(engine, control=Service())), admin
        engine.dispose()


def cases(operation: Operation) -> st.SearchStrategy[Case]:
    """Valid requests, and invalid ones when the operation has parameters to get wrong."""
    valid = operation.as_strategy(GenerationMode.POSITIVE)
    if not operation.path_parameters and not operation.query:
        return valid
    return st.one_of(valid, operation.as_strategy(GenerationMode.NEGATIVE))


@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_operation_conforms(
    api_schema: tuple[schemathesis.BaseSchema, dict[str, str]], path: str, method: str
) -> None:
    schema, admin = api_schema
    operation = schema[path][method]

    @given(case=cases(operation))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Case) -> None:
        case.call_and_validate(headers=admin, checks=CHECKS)

    run()
