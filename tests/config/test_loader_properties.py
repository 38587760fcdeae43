"""Property: any configuration file (the shipped defaults and the original's file with keys dropped,
retyped or nested wrongly, and damaged as text) gives settings or ConfigError naming the file."""

import tempfile
from pathlib import Path

import yaml
from hypothesis import event, given, settings
from hypothesis import strategies as st

from aucote.config.errors import ConfigError
from aucote.config.loader import LoadedSettings, load_settings
from tests.config.test_yamlfile_properties import SEEDS
from tests.support.mutations import SETTINGS, mutated_json, mutated_text

DOCUMENTS = tuple(yaml.safe_load(text) for text in SEEDS)
_FILES = mutated_json(DOCUMENTS).map(lambda document: yaml.safe_dump(document)) | mutated_text(SEEDS)


def load(text: str) -> LoadedSettings:
    """The settings of a configuration file holding `text`, the environment left out."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "aucote.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            return load_settings(path, environ={})
        except ConfigError as error:
            assert error.source == str(path) and str(error).startswith(f"{path}: ")
            raise


@settings(**SETTINGS)
@given(_FILES | st.text(max_size=40))
def test_any_file_gives_settings_or_config_error(text: str) -> None:
    try:
        loaded = load(text)
    except ConfigError:
        event("refused")
        return
    event("loaded")
    assert loaded.database_url
