"""Each header rule judged on hand-made pages: what passes, what is reported, and the evidence."""

import pytest

from aucote.checks.http_headers.clickjacking import clickjacking_rule
from aucote.checks.http_headers.cookies import (
    httponly_rule,
    parse_cookie,
    samesite_problem,
    samesite_rule,
    secure_rule,
)
from aucote.checks.http_headers.csp import csp_rule, policies
from aucote.checks.http_headers.disclosure import has_version, version_rule
from aucote.checks.http_headers.hsts import hsts_rule, max_age
from aucote.checks.http_headers.page import Page
from aucote.checks.http_headers.simple_headers import (
    effective_referrer_policy,
    nosniff_rule,
    permissions_rule,
    referrer_rule,
)
from aucote.checks.judging import NotApplicable


def page(*headers: tuple[str, str], https: bool = True, cookies: tuple[str, ...] = ()) -> Page:
    lowered = tuple((name.lower(), value) for name, value in headers)
    return Page("https://127.0.0.1:443/", 200, https, lowered, cookies)


@pytest.mark.parametrize(
    ("value", "age"),
    [
        ("max-age=31536000", 31536000),
        ('max-age="15552000"; includeSubDomains', 15552000),
        ("includeSubDomains; MAX-AGE = 60", 60),
        ("max-age=1; max-age=2", None),
        ("includeSubDomains", None),
        ("max-age=abc", None),
    ],
)
def test_hsts_max_age(value: str, age: int | None) -> None:
    assert max_age(value) == age


def test_hsts() -> None:
    assert hsts_rule(page(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))) is None
    assert hsts_rule(page()) == "Missing header: Strict-Transport-Security"
    assert hsts_rule(page(("Strict-Transport-Security", "max-age=300"))) == (
        "Strict-Transport-Security: 'max-age=300' (max-age 300 s is less than 15552000 s, 180 days)"
    )
    assert "no valid max-age" in (hsts_rule(page(("Strict-Transport-Security", "preload"))) or "")
    with pytest.raises(NotApplicable):
        hsts_rule(page(("Strict-Transport-Security", "max-age=31536000"), https=False))


def test_csp() -> None:
    assert csp_rule(page(("Content-Security-Policy", "default-src 'self'"))) is None
    assert csp_rule(page()) == "Missing header: Content-Security-Policy"
    only_report = page(("Content-Security-Policy-Report-Only", "default-src 'self'"))
    assert csp_rule(only_report) == (
        "Missing header: Content-Security-Policy "
        "(only Content-Security-Policy-Report-Only, which enforces nothing)"
    )
    assert csp_rule(page(("Content-Security-Policy", "  "))) is not None


def test_csp_policies_keep_first_directive_and_split_lists() -> None:
    found = policies(page(("Content-Security-Policy", "script-src a; SCRIPT-SRC b, frame-ancestors 'none'")))
    assert found == [{"script-src": ["a"]}, {"frame-ancestors": ["'none'"]}]


@pytest.mark.parametrize(
    ("headers", "protected"),
    [
        ((("X-Frame-Options", "DENY"),), True),
        ((("X-Frame-Options", "sameorigin"),), True),
        ((("X-Frame-Options", "ALLOW-FROM https://a.example"),), False),
        ((), False),
        ((("Content-Security-Policy", "frame-ancestors 'self'"),), True),
        ((("Content-Security-Policy", "frame-ancestors 'none'"), ("X-Frame-Options", "ALLOWALL")), True),
        ((("Content-Security-Policy", "frame-ancestors *"), ("X-Frame-Options", "DENY")), False),
        ((("Content-Security-Policy", "frame-ancestors https:"),), False),
        (
            (
                ("Content-Security-Policy", "frame-ancestors *"),
                ("Content-Security-Policy", "frame-ancestors 'self'"),
            ),
            True,
        ),
        ((("Content-Security-Policy", "default-src 'self'"), ("X-Frame-Options", "DENY")), True),
    ],
)
def test_clickjacking(headers: tuple[tuple[str, str], ...], protected: bool) -> None:
    assert (clickjacking_rule(page(*headers)) is None) is protected


def test_clickjacking_evidence() -> None:
    assert clickjacking_rule(page()) == (
        "No clickjacking protection: no X-Frame-Options and no Content-Security-Policy frame-ancestors"
    )
    assert "lets any site frame the page" in (
        clickjacking_rule(page(("Content-Security-Policy", "frame-ancestors *"))) or ""
    )


def test_nosniff() -> None:
    assert nosniff_rule(page(("X-Content-Type-Options", " NoSniff "))) is None
    assert nosniff_rule(page()) == "Missing header: X-Content-Type-Options"
    assert nosniff_rule(page(("X-Content-Type-Options", "sniff"))) == (
        "X-Content-Type-Options: 'sniff' (expected nosniff)"
    )


def test_referrer_policy() -> None:
    assert effective_referrer_policy(["no-referrer, strict-origin-when-cross-origin", "bogus"]) == (
        "strict-origin-when-cross-origin"
    )
    assert referrer_rule(page(("Referrer-Policy", "no-referrer"))) is None
    assert referrer_rule(page(("Referrer-Policy", "same-origin, unsafe-url"))) == (
        "Referrer-Policy: 'same-origin, unsafe-url' (unsafe-url sends the full URL to other sites)"
    )
    assert referrer_rule(page()) == "Missing header: Referrer-Policy"
    assert "no policy browsers recognise" in (referrer_rule(page(("Referrer-Policy", "never"))) or "")
    assert referrer_rule(page(("Referrer-Policy", "no-referrer-when-downgrade"))) is not None


def test_permissions_policy() -> None:
    assert permissions_rule(page(("Permissions-Policy", "camera=()"))) is None
    assert permissions_rule(page()) == "Missing header: Permissions-Policy"
    assert permissions_rule(page(("Feature-Policy", "camera 'none'"))) == (
        "Missing header: Permissions-Policy (only the deprecated Feature-Policy)"
    )
    assert permissions_rule(page(("Permissions-Policy", ""))) is not None


def test_cookie_parsing_hides_values() -> None:
    cookie = parse_cookie("sid=s3cr3t; Path=/; secure; HttpOnly; SameSite=Lax; Path=/other")
    assert cookie.name == "sid"
    assert cookie.attributes == {"path": "/", "secure": "", "httponly": "", "samesite": "Lax"}
    assert "s3cr3t" not in cookie.describe()


def test_cookie_rules() -> None:
    good = "a=1; Secure; HttpOnly; SameSite=Strict"
    bad = "b=2; Path=/"
    both = page(cookies=(good, bad))
    assert secure_rule(both) == "Set-Cookie b (path=/): no Secure attribute"
    assert httponly_rule(both) == "Set-Cookie b (path=/): no HttpOnly attribute"
    assert samesite_rule(both) == "Set-Cookie b (path=/): no SameSite attribute"
    assert secure_rule(page(cookies=(good,))) is None
    assert httponly_rule(page()) is None
    assert samesite_rule(page()) is None
    with pytest.raises(NotApplicable):
        secure_rule(page(https=False, cookies=(bad,)))


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ("a=1; SameSite=Lax", None),
        ("a=1; SameSite=None; Secure", None),
        ("a=1; SameSite=None", "SameSite=None without Secure"),
        ("a=1; SameSite=Sometimes", "SameSite=Sometimes is not Strict, Lax or None"),
        ("a=1", "no SameSite attribute"),
    ],
)
def test_samesite(header: str, problem: str | None) -> None:
    assert samesite_problem(parse_cookie(header)) == problem


@pytest.mark.parametrize(
    ("banner", "disclosed"),
    [
        ("Apache/2.4.57 (Debian)", True),
        ("nginx/1.25.3", True),
        ("Microsoft-IIS/10.0", True),
        ("PHP/8", True),
        ("Jetty(9.4.z-SNAPSHOT)", True),
        ("AmazonS3", False),
        ("nginx", False),
        ("Apache", False),
        ("cloudflare", False),
    ],
)
def test_version_detection(banner: str, disclosed: bool) -> None:
    assert has_version(banner) is disclosed


def test_version_rule() -> None:
    assert version_rule(page(("Server", "nginx"), ("X-Powered-By", "Express"))) is None
    assert version_rule(page(("Server", "Apache/2.4.57"), ("X-AspNet-Version", "4.0.30319"))) == (
        "Server: Apache/2.4.57\nX-AspNet-Version: 4.0.30319"
    )
