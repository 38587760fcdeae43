"""Property: any YAML text (the shipped defaults and the original's file, damaged line by line, and
awkward YAML written by hand) gives the top-level mapping or ConfigError naming the source."""

from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from aucote.config.errors import ConfigError
from aucote.config.yamlfile import parse_config_text
from tests.support.mutations import SETTINGS, deeply_nested, mutated_text

ROOT = Path(__file__).resolve().parents[2]
SEEDS = (
    (ROOT / "src" / "aucote" / "config" / "aucote.default.yaml").read_text(),
    (ROOT / "tests" / "config" / "data" / "original_aucote_cfg.yaml").read_text(),
)
SOURCE = "aucote.yaml"


@settings(**SETTINGS)
@given(mutated_text(SEEDS) | st.text(max_size=40))
@example("a: 2021-02-30")  # PyYAML's timestamp constructor: ValueError
@example("a: !!timestamp x")  # AttributeError
@example("a: !!int x")  # ValueError
@example("a: &x [*x]")  # a list inside itself: RecursionError while checking keys
@example("&x {a: *x}")
@example(deeply_nested("[", "]", 5000))  # PyYAML's composer: RecursionError
def test_any_text_gives_a_mapping_or_config_error(text: str) -> None:
    try:
        data = parse_config_text(text, SOURCE)
    except ConfigError as error:
        assert str(error).startswith(f"{SOURCE}: ") and error.problems
        return
    assert isinstance(data, dict) and all(isinstance(key, str) for key in data)


def test_damaged_values_are_named_with_their_position() -> None:
    for text, message in (
        ("a: 2021-02-30", "line 1, column 4: cannot read '2021-02-30' as timestamp (day is out of range"),
        ("a:\n  b: &x [1, *x]", "a.b[1]: an alias inside its own anchor (the value contains itself)"),
        (deeply_nested("[", "]", 5000), "nested too deeply"),
    ):
        try:
            parse_config_text(text, SOURCE)
        except ConfigError as error:
            assert str(error).startswith(f"{SOURCE}: {message}"), str(error)
        else:
            raise AssertionError(f"{text[:20]!r} was accepted")


def test_a_value_shared_through_aliases_is_accepted() -> None:
    assert parse_config_text("a: &s [1, 2]\nb: [*s, *s]", SOURCE) == {"a": [1, 2], "b": [[1, 2], [1, 2]]}
