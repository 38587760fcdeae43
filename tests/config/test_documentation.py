"""The documentation and the defaults file cover every key of the settings model."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from aucote.config.defaults import default_config_data
from aucote.config.loader import load_settings
from aucote.config.portdetection import PortDetectionSettings
from aucote.config.scanner import ScannerSettings
from aucote.config.settings import Settings
from aucote.config.tools import ToolSettings, ToolsSettings

DOCS = Path(__file__).parents[2] / "docs" / "configuration.md"
_DICT_FIELDS: dict[tuple[type[BaseModel], str], tuple[type[BaseModel], str]] = {
    (PortDetectionSettings, "scanners"): (ScannerSettings, "<scanner>"),
    (ToolsSettings, "by_name"): (ToolSettings, "<tool>"),
}


def leaf_keys(model: type[BaseModel], prefix: str = "") -> Iterator[str]:
    """Dotted paths of every value of the model, `<scanner>` and `<tool>` standing for names."""
    for name, field in model.model_fields.items():
        if (model, name) in _DICT_FIELDS:
            inner, placeholder = _DICT_FIELDS[(model, name)]
            yield from leaf_keys(inner, f"{prefix}{placeholder}.")
            continue
        key = field.alias or name
        if isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel):
            yield from leaf_keys(field.annotation, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}"


def lookup(data: object, dotted: str) -> object:
    for part in dotted.split("."):
        assert isinstance(data, dict) and part in data, f"{dotted} is missing"
        data = data[part]
    return data


ALL_KEYS = sorted(leaf_keys(Settings))


def test_the_walk_finds_the_keys() -> None:
    assert "portdetection.<scanner>.periodic_scan.cron" in ALL_KEYS
    assert "portdetection._internal.port_period" in ALL_KEYS
    assert "tools.<tool>.timeout" in ALL_KEYS
    assert "tools.common.http.useragent" in ALL_KEYS


@pytest.mark.parametrize("key", ALL_KEYS)
def test_every_key_is_documented(key: str) -> None:
    assert f"`{key}`" in DOCS.read_text(encoding="utf-8")


@pytest.mark.parametrize("key", [key for key in ALL_KEYS if "<" not in key])
def test_every_fixed_key_is_in_the_defaults_file(key: str) -> None:
    lookup(default_config_data(), key)


@pytest.mark.parametrize("scanner", ["tcp", "udp", "tools_basic", "tools_advanced"])
def test_every_scanner_section_of_the_defaults_file_is_complete(scanner: str) -> None:
    for key in leaf_keys(ScannerSettings):
        lookup(default_config_data(), f"portdetection.{scanner}.{key}")


def test_model_defaults_agree_with_the_defaults_file_outside_the_scanner_and_tool_sections() -> None:
    loaded = load_settings(None, environ={}).settings
    model = Settings()
    assert loaded.service == model.service
    assert loaded.logging == model.logging
    assert loaded.tools.common == model.tools.common
    assert loaded.portdetection.security_scans == model.portdetection.security_scans
    assert loaded.portdetection.expiration_period == model.portdetection.expiration_period
    assert loaded.portdetection.internal == model.portdetection.internal
