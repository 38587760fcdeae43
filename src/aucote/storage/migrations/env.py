"""Alembic environment: runs online on the engine handed over by aucote.storage.migrate."""

from alembic import context
from sqlalchemy import Engine

from aucote.storage.tables import metadata


def run_migrations() -> None:
    engine: Engine = context.config.attributes["engine"]
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        context.run_migrations()


run_migrations()
