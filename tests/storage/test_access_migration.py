"""Migration 0006 (access control) on SQLite and PostgreSQL: the tables of the schema, the partial
unique index on active tokens, and a clean downgrade and upgrade again."""

import pytest
from alembic import command
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import IntegrityError

from aucote.model.access import Role
from aucote.storage.migrate import alembic_config, current_revision, upgrade
from aucote.storage.repository.tokens import add_token, revoke_token
from aucote.storage.repository.users import add_user
from tests.support.schema import schema_differences

ACCESS_TABLES = {"users", "api_tokens", "sessions", "audit_log"}


def test_migration_creates_the_tables_of_the_schema(engine: Engine) -> None:
    with engine.connect() as connection:
        assert schema_differences(connection) == []
    assert set(inspect(engine).get_table_names()) >= ACCESS_TABLES


def test_downgrade_to_0005_removes_the_tables_and_upgrade_restores_them(engine: Engine) -> None:
    command.downgrade(alembic_config(engine), "0005")
    assert current_revision(engine) == "0005"
    inspect_names = set(inspect(engine).get_table_names())
    assert not ACCESS_TABLES & inspect_names
    assert "imported_reports" in inspect_names
    upgrade(engine, "0006")
    assert current_revision(engine) == "0006"
    assert set(inspect(engine).get_table_names()) >= ACCESS_TABLES


def test_one_active_token_per_user_and_label(engine: Engine) -> None:
    with engine.begin() as connection:
        user = add_user(connection, name="alice", role=Role.ADMIN, password_hash="x", now=1.0)
        first = add_token(connection, user_id=user, name="ci", token_hash="a" * 64, now=1.0, expires=None)
    with pytest.raises(IntegrityError), engine.begin() as connection:
        add_token(connection, user_id=user, name="ci", token_hash="b" * 64, now=2.0, expires=None)
    with engine.begin() as connection:
        revoke_token(connection, first, 3.0)
        second = add_token(connection, user_id=user, name="ci", token_hash="b" * 64, now=4.0, expires=None)
        # Revoked tokens with the same label may pile up.
        revoke_token(connection, second, 5.0)
        add_token(connection, user_id=user, name="ci", token_hash="c" * 64, now=6.0, expires=None)


def test_token_hashes_and_user_names_are_unique(engine: Engine) -> None:
    with engine.begin() as connection:
        user = add_user(connection, name="alice", role=Role.ADMIN, password_hash="x", now=1.0)
        add_token(connection, user_id=user, name="one", token_hash="a" * 64, now=1.0, expires=None)
    with pytest.raises(IntegrityError), engine.begin() as connection:
        add_token(connection, user_id=user, name="two", token_hash="a" * 64, now=1.0, expires=None)
    with pytest.raises(IntegrityError), engine.begin() as connection:
        add_user(connection, name="alice", role=Role.VIEWER, password_hash="y", now=2.0)
