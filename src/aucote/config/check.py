"""`aucote config check FILE`: validate a configuration file and show the effective settings."""

from collections.abc import Mapping
from pathlib import Path

from aucote.config.loader import load_settings
from aucote.config.render import render_settings


def check_config(
    path: Path, *, database_url: str | None = None, environ: Mapping[str, str] | None = None
) -> str:
    """Text to print: a `# ... is valid` line, warnings as comments, then the effective settings as YAML.

    Raises ConfigError (its text is the message to show) when the file is not valid.
    """
    loaded = load_settings(path, database_url=database_url, environ=environ)
    header = [f"# {path}: valid", *(f"# warning: {warning}" for warning in loaded.warnings)]
    return "\n".join(header) + "\n" + render_settings(loaded.settings)
