"""The word lists shipped for hydra, and how they are written for it."""

import stat
from pathlib import Path

from aucote.checks.external.wordlists import shipped_word_lists, write_word_list


def test_shipped_lists_are_a_dozen_common_words_each() -> None:
    lists = shipped_word_lists()
    assert len(lists.logins) == len(set(lists.logins)) == 12
    assert len(lists.passwords) == len(set(lists.passwords)) == 12
    assert {"root", "admin", "user"} <= set(lists.logins)
    assert {"password", "123456", "admin"} <= set(lists.passwords)
    assert all(word and word.strip() == word for word in (*lists.logins, *lists.passwords))


def test_written_one_per_line_for_the_owner_only(tmp_path: Path) -> None:
    path = write_word_list(["a", "b c", ""], tmp_path / "words.txt")
    assert path.read_text() == "a\nb c\n\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
