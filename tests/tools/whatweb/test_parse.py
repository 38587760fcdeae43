"""WhatWeb's JSON log, recorded from real runs against servers on loopback."""

from pathlib import Path

import pytest

from aucote.tools.errors import ParseError
from aucote.tools.whatweb.parse import parse_whatweb_json
from aucote.tools.whatweb.report import Plugin, WhatwebTarget

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "whatweb"


def recorded(name: str) -> tuple[WhatwebTarget, ...]:
    return parse_whatweb_json((FIXTURES / f"{name}.json").read_bytes())


def plugins(target: WhatwebTarget) -> dict[str, Plugin]:
    return {plugin.name: plugin for plugin in target.plugins}


def test_python_file_server() -> None:
    [target] = recorded("python_server")
    assert target.url.startswith("http://127.0.0.1:") and target.status == 200
    found = plugins(target)
    assert found["Python"] == Plugin("Python", ("3.11.7",))
    assert found["HTTPServer"] == Plugin("HTTPServer", (), ("SimpleHTTP/0.6 Python/3.11.7",))
    assert found["Country"] == Plugin("Country", (), ("RESERVED", "ZZ"))
    assert found["Title"].strings == ("Files",)


def test_server_without_identifying_headers() -> None:
    [target] = recorded("no_identifying_headers")
    assert set(plugins(target)) == {"Country", "IP", "Title"}


def test_os_and_versions() -> None:
    [target] = recorded("apache_php")
    found = plugins(target)
    assert found["HTTPServer"].strings == ("Apache/2.4.57 (Debian)", "Debian Linux")
    assert (found["Apache"].versions, found["PHP"].versions) == (("2.4.57",), ("8.2.7",))


def test_same_host_redirect_is_a_second_target() -> None:
    first, second = recorded("redirect_same_host")
    assert (first.status, second.status) == (302, 200)
    assert second.url == first.url + "/home"
    assert "Apache" in plugins(second) and "Apache" not in plugins(first)


def test_redirect_to_another_host_is_not_followed() -> None:
    [target] = recorded("redirect_other_host")
    assert plugins(target)["RedirectLocation"].strings == ("http://127.0.0.2:9/",)


def test_refused_connection_is_an_empty_list() -> None:
    assert recorded("refused") == ()
    assert (FIXTURES / "refused.stderr").read_text().startswith("ERROR Opening: http://127.0.0.1:")


def test_plugin_without_values_is_not_identified() -> None:
    [target] = parse_whatweb_json(b'[{"target": "t", "http_status": 200, "plugins": {"HTML5": {}}}]')
    assert target.plugins == (Plugin("HTML5"),) and not target.plugins[0].identified


@pytest.mark.parametrize("data", [b"", b"[\n", b'{"target": "t"}', b'[{"plugins": [1]}]', b"[1]"])
def test_unreadable_json(data: bytes) -> None:
    with pytest.raises(ParseError):
        parse_whatweb_json(data)
