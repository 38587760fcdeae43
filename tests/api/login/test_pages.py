"""The pages' own headers pass Aucote's own HTTP-header rules that they are responsible for (the
policy, framing, the cookies' flags over HTTPS), judged as the check judges a site: the final answer
to `GET /` and every cookie set on the way. The other headers (nosniff, referrer, HSTS …) are the
app's for every response."""

import pytest

from aucote.checks.http_headers.clickjacking import clickjacking_rule
from aucote.checks.http_headers.cookies import httponly_rule, samesite_rule, secure_rule
from aucote.checks.http_headers.csp import csp_rule
from aucote.checks.http_headers.page import Page
from aucote.checks.http_headers.rule import Rule
from aucote.model.access import User
from tests.api.login.conftest import AppMaker, browser, log_in

RULES: list[Rule] = [csp_rule, clickjacking_rule, secure_rule, httponly_rule, samesite_rule]


def page_of(make_app: AppMaker, path: str, log_in_first: bool) -> Page:
    with browser(make_app(), base_url="https://localhost:1235") as client:
        cookies = []
        if log_in_first:
            cookies += log_in(client, "alice").headers.get_list("set-cookie")
        first = client.get(path)
        cookies += first.headers.get_list("set-cookie")
        final = client.get(first.headers["location"]) if first.status_code == 303 else first
        cookies += final.headers.get_list("set-cookie")
        assert final.status_code == 200
        return Page(str(final.url), final.status_code, True, tuple(final.headers.items()), tuple(cookies))


@pytest.mark.parametrize(("path", "log_in_first"), [("/", False), ("/", True), ("/login", False)])
def test_aucotes_own_rules_find_nothing(
    make_app: AppMaker, alice: User, path: str, log_in_first: bool
) -> None:
    page = page_of(make_app, path, log_in_first)
    assert page.set_cookies
    assert [rule(page) for rule in RULES] == [None] * len(RULES)


def test_the_rules_would_see_a_cookie_without_flags(make_app: AppMaker, alice: User) -> None:
    page = page_of(make_app, "/login", False)
    bare = Page(page.url, page.status, True, page.headers, ("aucote_login=x; Path=/login",))
    assert [rule(bare) is None for rule in RULES] == [True, True, False, False, False]
