"""The `database` section and where the database URL comes from: --db, environment, file, default."""

import re
from collections.abc import Mapping

from pydantic import field_validator

from aucote.config.base import Section
from aucote.config.errors import ConfigError, ConfigProblem

DEFAULT_DATABASE_URL = "sqlite:///var/aucote.sqlite3"
"""A SQLite file `var/aucote.sqlite3` relative to the working directory."""

DATABASE_URL_VARIABLE = "AUCOTE_DATABASE_URL"

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S*")
_PASSWORD = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://[^:/@?#]*:)[^/?#]*@")
_QUERY_PASSWORD = re.compile(r"([?&]password=)[^&#]*", re.IGNORECASE)


def validate_database_url(url: str) -> str:
    """The URL stripped, if it looks like `scheme://...`; ValueError otherwise."""
    url = url.strip()
    if not _URL.fullmatch(url):
        raise ValueError(
            f"{mask_url_password(url)!r} is not a database URL like 'sqlite:///var/aucote.sqlite3'"
        )
    return url


def mask_url_password(url: str) -> str:
    """The URL with its password (user info or `password=` parameter), if any, replaced by `***`."""
    return _QUERY_PASSWORD.sub(r"\g<1>***", _PASSWORD.sub(r"\g<1>***@", url, count=1))


class DatabaseSettings(Section):
    """The `database` section; `url` None means "not set in the file"."""

    url: str | None = None

    @field_validator("url")
    @classmethod
    def _valid_url(cls, url: str | None) -> str | None:
        return None if url is None else validate_database_url(url)


def choose_database_url(argument: str | None, environ: Mapping[str, str], configured: str | None) -> str:
    """--db argument, then AUCOTE_DATABASE_URL, then `database.url`, then the SQLite default."""
    for source, url in (("--db", argument), (DATABASE_URL_VARIABLE, environ.get(DATABASE_URL_VARIABLE))):
        if url:
            return _checked(url, source)
    return configured or DEFAULT_DATABASE_URL


def _checked(url: str, source: str) -> str:
    try:
        return validate_database_url(url)
    except ValueError as error:
        raise ConfigError(source, [ConfigProblem("", str(error))]) from None
