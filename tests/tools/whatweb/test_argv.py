"""The WhatWeb command line: one gentle request, same-host redirects, JSON on stdout."""

import pytest

from aucote.tools.whatweb.argv import whatweb_argv


def test_default_command() -> None:
    assert whatweb_argv("http://192.0.2.7:80") == [
        *("whatweb", "--aggression", "1", "--color=never", "--quiet", "--follow-redirect=same-site"),
        *("--max-redirects=3", "--log-json=-", "--", "http://192.0.2.7:80"),
    ]


def test_user_agent_aggression_and_command() -> None:
    argv = whatweb_argv("https://192.0.2.7:8443", user_agent="Aucote/1", aggression=3, whatweb="/opt/ww")
    assert argv[:3] == ["/opt/ww", "--aggression", "3"]
    assert argv[-3:] == ["--user-agent=Aucote/1", "--", "https://192.0.2.7:8443"]


@pytest.mark.parametrize("level", [0, 2, 4])
def test_other_aggressions_refused(level: int) -> None:
    with pytest.raises(ValueError, match="aggression"):
        whatweb_argv("http://192.0.2.7", aggression=level)
