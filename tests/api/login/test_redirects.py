"""Only paths of this site are followed after a login."""

import pytest

from aucote.api.login.redirects import local_path


@pytest.mark.parametrize(
    "target", ["/", "/api/v1/scans", "/api/v1/scans?limit=2&offset=4", "/x#frag", "/%2F%2Fx"]
)
def test_local_paths_are_kept(target: str) -> None:
    assert local_path(target) == target


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "x",
        "https://evil.example/",
        "//evil.example",
        "///evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\x7f",
        "/\x85x",
        "javascript:alert(1)",
        " /x",
        "/" + "a" * 2048,
    ],
)
def test_anything_else_is_dropped(target: str | None) -> None:
    assert local_path(target) is None
