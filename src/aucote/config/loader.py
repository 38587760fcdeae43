"""Loading the effective settings: built-in defaults, then the user's file, then the database URL sources."""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from aucote.config.database import DEFAULT_DATABASE_URL, DatabaseSettings, choose_database_url
from aucote.config.defaults import DEFAULT_FILE_NAME, default_config_data
from aucote.config.errors import ConfigError
from aucote.config.legacy import drop_ignored_keys, translate_storage
from aucote.config.merge import merge_layers
from aucote.config.problems import problems_from_validation_error
from aucote.config.settings import Settings
from aucote.config.yamlfile import ConfigData, read_config_file


@dataclass(frozen=True, slots=True)
class LoadedSettings:
    """The effective settings (with `database.url` always set) and the warnings met while loading."""

    settings: Settings
    warnings: tuple[str, ...]
    source: Path | None

    @property
    def database_url(self) -> str:
        """The database URL to open."""
        return self.settings.database.url or DEFAULT_DATABASE_URL


def load_settings(
    path: Path | None, *, database_url: str | None = None, environ: Mapping[str, str] | None = None
) -> LoadedSettings:
    """Defaults <- the file at `path` (if any); database URL: argument > AUCOTE_DATABASE_URL > file > default.

    `environ` defaults to the process environment. Raises ConfigError naming file, key path and problem.
    """
    user, warnings = _user_layer(path)
    source = str(path) if path is not None else f"{DEFAULT_FILE_NAME} (built-in)"
    settings = validate_settings(merge_layers(default_config_data(), user), source)
    url = choose_database_url(database_url, os.environ if environ is None else environ, settings.database.url)
    settings = settings.model_copy(update={"database": DatabaseSettings(url=url)})
    return LoadedSettings(settings=settings, warnings=tuple(warnings), source=path)


def _user_layer(path: Path | None) -> tuple[ConfigData, list[str]]:
    if path is None:
        return {}, []
    data, ignored = drop_ignored_keys(read_config_file(path), str(path))
    data, translated = translate_storage(data, str(path))
    return data, [*ignored, *translated]


def validate_settings(data: ConfigData, source: str) -> Settings:
    """The settings model of already merged data; ConfigError (one line per problem) if invalid."""
    try:
        return Settings.model_validate(data)
    except ValidationError as error:
        raise ConfigError(source, problems_from_validation_error(error)) from None
