"""The logins and passwords hydra tries: the shipped lists (data/wordlists.yaml), written to files."""

from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import yaml

SHIPPED = "wordlists.yaml"


@dataclass(frozen=True, slots=True)
class WordLists:
    """Login names and passwords, one word each (no line breaks)."""

    logins: tuple[str, ...]
    passwords: tuple[str, ...]


def shipped_word_lists() -> WordLists:
    """The lists shipped in the package; ValueError when the file is malformed."""
    text = files("aucote.checks.external").joinpath("data", SHIPPED).read_text(encoding="utf-8")
    document = yaml.safe_load(text)
    if not isinstance(document, dict):
        raise ValueError(f"{SHIPPED}: expected a mapping with logins and passwords")
    return WordLists(_words(document, "logins"), _words(document, "passwords"))


def write_word_list(words: Sequence[str], path: Path) -> Path:
    """`words` one per line in `path` (readable by its owner only); returns `path`."""
    path.touch(mode=0o600)
    path.write_text("".join(f"{word}\n" for word in words), encoding="utf-8")
    return path


def _words(document: dict[str, object], key: str) -> tuple[str, ...]:
    value = document.get(key)
    if not isinstance(value, list) or not value:
        raise ValueError(f"{SHIPPED}: {key}: expected a non-empty list")
    words = tuple(str(word) for word in value)
    if any("\n" in word or "\r" in word for word in words):
        raise ValueError(f"{SHIPPED}: {key}: a word cannot contain a line break")
    return words
