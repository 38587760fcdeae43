import pytest

from aucote.config.cron import validate_cron


@pytest.mark.parametrize("expression", ["0 */4 * * *", "0 22 * * 1-5", "*/5 * * * *", "@daily", "0 0 29 2 *"])
def test_valid_expressions_pass(expression: str) -> None:
    assert validate_cron(expression) == expression


def test_whitespace_is_normalised() -> None:
    assert validate_cron("  0   22 * *  6 ") == "0 22 * * 6"


@pytest.mark.parametrize(
    ("expression", "problem"),
    [
        ("61 * * * *", "invalid cron expression '61 * * * *' ("),
        ("a b c d e", "invalid cron expression 'a b c d e' ("),
        ("* * *", "invalid cron expression '* * *' (expected 5 fields"),
        ("0 0 * * * *", "invalid cron expression '0 0 * * * *' (expected 5 fields"),
        ("* * 31 2 *", "invalid cron expression '* * 31 2 *' (it never matches a date)"),
        ("@sometimes", "invalid cron expression '@sometimes' (expected 5 fields"),
    ],
)
def test_invalid_expressions_are_refused(expression: str, problem: str) -> None:
    with pytest.raises(ValueError) as caught:
        validate_cron(expression)
    assert str(caught.value).startswith(problem)
