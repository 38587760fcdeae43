"""Refusing to start the API where anyone who reaches it could read everything by accident: on a
non-loopback address with no credential configured (no user, no service.api.password) and without
service.api.public_read (`aucote.api.access.policy.exposure_problem`). Exit status 2, as for any
configuration error."""

from sqlalchemy import Engine

from aucote.api.access.policy import exposure_problem
from aucote.cli.options import fail
from aucote.config.loader import LoadedSettings
from aucote.storage.repository.users import any_user


def refuse_unprotected(loaded: LoadedSettings, host: str, engine: Engine) -> None:
    """Exit with status 2, naming the configuration file and keys, if the API may not listen on
    `host` as configured; return otherwise."""
    api = loaded.settings.service.api
    with engine.connect() as connection:
        users_exist = any_user(connection)
    problem = exposure_problem(
        host, users_exist=users_exist, password=api.password is not None, public_read=api.public_read
    )
    if problem is not None:
        source = "the default settings" if loaded.source is None else str(loaded.source)
        fail(f"{source}: {problem}", code=2)
