"""Links between pages: prefix, quoted path, the given values only."""

from aucote.web.urls import href


def test_href() -> None:
    assert href("", "/findings") == "/findings"
    assert href("/aucote", "/hosts/::1", {"port": 22, "cve": None, "q": ""}) == "/aucote/hosts/::1?port=22"
    assert href("", "/findings", {"info": True, "exploit": "a&b c"}) == "/findings?info=1&exploit=a%26b+c"
    assert href("", "/hosts/10.0.0.1/../x") == "/hosts/10.0.0.1/../x"
