from collections.abc import Callable
from pathlib import Path

import pytest

WriteConfig = Callable[[str], Path]


@pytest.fixture
def write_config(tmp_path: Path) -> WriteConfig:
    """Write YAML text to `aucote.yaml` in a temporary folder and return its path."""

    def write(text: str) -> Path:
        path = tmp_path / "aucote.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return write
