"""The effective settings as YAML text, secrets masked."""

import yaml

from aucote.config.database import mask_url_password
from aucote.config.settings import Settings

MASK = "***"


def render_settings(settings: Settings) -> str:
    """YAML in the file's own layout; passwords (any `password` key, the database URL's) are `***`."""
    data = settings.model_dump(mode="json", by_alias=True)
    masked = _masked(data)
    return yaml.safe_dump(masked, sort_keys=False, default_flow_style=None, allow_unicode=True, width=100)


def _masked(value: object, key: str = "") -> object:
    if isinstance(value, dict):
        return {inner: _masked(item, inner) for inner, item in value.items()}
    if isinstance(value, list):
        return [_masked(item) for item in value]
    if key == "password" and value is not None:
        return MASK
    if key == "url" and isinstance(value, str):
        return mask_url_password(value)
    return value
