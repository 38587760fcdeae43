"""The external checks' options: defaults, and a ValueError naming a wrong option."""

from pathlib import Path

import pytest

from aucote.checks.external.settings import HydraSettings, TestsslSettings, WhatwebSettings


def test_defaults() -> None:
    assert TestsslSettings.from_options({}) == TestsslSettings((), 10, 10)
    assert WhatwebSettings.from_options({}) == WhatwebSettings(None, 1)
    assert HydraSettings.from_options({}) == HydraSettings(4, frozenset({"vnc", "http", "https"}))


def test_given_values(tmp_path: Path) -> None:
    words = tmp_path / "words.txt"
    words.write_text("a\n")
    options = {"checks": ["-p", " "], "openssl_timeout": 5, "useragent": " UA ", "aggression": 3}
    assert TestsslSettings.from_options(options) == TestsslSettings(("-p",), 10, 5)
    assert WhatwebSettings.from_options(options) == WhatwebSettings("UA", 3)
    hydra = HydraSettings.from_options({"disable_services": ["SSH"], "tasks": 2, "passwords": str(words)})
    assert hydra == HydraSettings(2, frozenset({"ssh"}), None, words)
    assert HydraSettings.from_options({"disable_services": []}).disable_services == frozenset()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"checks": "-p"}, "option checks: expected a list of strings"),
        ({"connect_timeout": 0}, "option connect_timeout"),
        ({"openssl_timeout": True}, "option openssl_timeout"),
    ],
)
def test_testssl_errors(options: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        TestsslSettings.from_options(options)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"tasks": "4"}, "option tasks"),
        ({"disable_services": "vnc"}, "option disable_services"),
        ({"logins": "/nonexistent/logins.txt"}, "option logins"),
    ],
)
def test_hydra_errors(options: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        HydraSettings.from_options(options)
