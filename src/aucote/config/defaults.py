"""The built-in defaults: the documented aucote.default.yaml shipped inside this package."""

from importlib.resources import files

from aucote.config.yamlfile import ConfigData, parse_config_text

DEFAULT_FILE_NAME = "aucote.default.yaml"


def default_config_text() -> str:
    """The text of the packaged defaults file, comments included."""
    return files("aucote.config").joinpath(DEFAULT_FILE_NAME).read_text(encoding="utf-8")


def default_config_data() -> ConfigData:
    """The packaged defaults as a mapping."""
    return parse_config_text(default_config_text(), f"{DEFAULT_FILE_NAME} (built-in)")
