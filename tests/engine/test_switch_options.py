"""`service.scans.intrusive` and `.default_credentials` reach the run's options the same way for
`aucote scan` (scan_options, where the command line may override them) and for the service's
scheduled tools runs (tools_scanner_options): both build on base_options."""

from pathlib import Path

import pytest

from aucote.config.defaults import default_config_data
from aucote.config.errors import ConfigError
from aucote.config.loader import load_settings, validate_settings
from aucote.config.merge import merge_layers
from aucote.config.settings import Settings
from aucote.engine.from_settings import scan_options
from aucote.engine.options import ScanOptions
from aucote.scheduling.scanner_options import tools_scanner_options


def _settings(tmp_path: Path, scans: str = "{}") -> Settings:
    config = tmp_path / "aucote.yaml"
    config.write_text(f"service:\n  scans: {scans}\n")
    return load_settings(config, environ={}).settings


def _switches(options: ScanOptions) -> tuple[bool, bool]:
    return options.allow_intrusive, options.allow_default_credentials


def test_defaults_default_credentials_on_intrusive_off(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    assert (settings.service.scans.intrusive, settings.service.scans.default_credentials) == (False, True)
    assert _switches(scan_options(settings, targets=["127.0.0.1"])) == (False, True)
    assert _switches(tools_scanner_options(settings, "tools_advanced")) == (False, True)


def test_configured_switches_reach_the_cli_and_the_service_runs(tmp_path: Path) -> None:
    settings = _settings(tmp_path, "{intrusive: true, default_credentials: false}")
    assert _switches(scan_options(settings, targets=["127.0.0.1"])) == (True, False)
    assert _switches(tools_scanner_options(settings, "tools_basic")) == (True, False)


def test_the_command_line_overrides_the_configuration(tmp_path: Path) -> None:
    settings = _settings(tmp_path, "{intrusive: true, default_credentials: false}")
    options = scan_options(settings, targets=["127.0.0.1"], intrusive=False, default_credentials=True)
    assert _switches(options) == (False, True)


def test_a_non_boolean_switch_is_refused_naming_the_key() -> None:
    data = merge_layers(default_config_data(), {"service": {"scans": {"default_credentials": "maybe"}}})
    with pytest.raises(ConfigError, match=r"service\.scans\.default_credentials"):
        validate_settings(data, "aucote.yaml")
