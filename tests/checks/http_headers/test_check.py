"""HttpHeadersCheck against real HTTP and HTTPS servers on loopback: a badly configured one gets a
finding for every rule (with the evidence), a well configured one none."""

import asyncio
from collections.abc import Sequence
from functools import cache
from ipaddress import IPv4Address
from pathlib import Path

import pytest

from aucote.catalog import Catalog, load_catalog
from aucote.checks.contract import CheckContext, ExploitOutcome, Selected
from aucote.checks.http_headers import APP, HttpHeadersCheck
from aucote.model.protocol import Protocol
from aucote.model.status import CheckReason, CheckStatus
from aucote.model.target import Node, Port, Service
from tests.support.http_servers import Reply, header_server, reply_server
from tests.support.ports import free_port

SAFE = (
    ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),
    ("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
    ("Set-Cookie", "session=0123abcd; Path=/; Secure; HttpOnly; SameSite=Lax"),
    ("Server", "nginx"),
)
UNSAFE = (
    ("Strict-Transport-Security", "max-age=300"),
    ("Content-Security-Policy-Report-Only", "default-src 'self'"),
    ("X-Frame-Options", "ALLOW-FROM https://example.com"),
    ("Referrer-Policy", "unsafe-url"),
    ("Set-Cookie", "session=verysecretvalue; Path=/"),
    ("Server", "Apache/2.4.57 (Debian)"),
    ("X-Powered-By", "PHP/8.2.7"),
)
EXPECTED_EVIDENCE = {
    "hsts": "Strict-Transport-Security: 'max-age=300' (max-age 300 s is less than 15552000 s, 180 days)",
    "csp": "Missing header: Content-Security-Policy (only Content-Security-Policy-Report-Only",
    "nosniff": "Missing header: X-Content-Type-Options",
    "clickjacking": "X-Frame-Options: 'ALLOW-FROM https://example.com' (not DENY or SAMEORIGIN",
    "referrer": "Referrer-Policy: 'unsafe-url' (unsafe-url sends the full URL to other sites)",
    "permissions-policy": "Missing header: Permissions-Policy",
    "cookie-secure": "Set-Cookie session (path=/): no Secure attribute",
    "cookie-httponly": "Set-Cookie session (path=/): no HttpOnly attribute",
    "cookie-samesite": "Set-Cookie session (path=/): no SameSite attribute",
    "version-disclosure": "Server: Apache/2.4.57 (Debian)\nX-Powered-By: PHP/8.2.7",
}
HTTPS_ONLY = {"hsts", "cookie-secure"}


@cache
def _catalog() -> Catalog:
    return load_catalog()


def selected() -> list[Selected]:
    return [Selected(entry.exploit) for entry in _catalog() if entry.app == APP]


def web_port(number: int, service: str) -> Port:
    return Port(Node(1, IPv4Address("127.0.0.1")), number, Protocol.TCP, Service(name=service))


def run(port: Port, items: Sequence[Selected] | None = None, **options: object) -> dict[str, ExploitOutcome]:
    items = selected() if items is None else items
    context = CheckContext(timeout=5, options=options)
    outcomes = asyncio.run(HttpHeadersCheck().run(port, items, context))
    names = {item.exploit.id: item.exploit.name for item in items}
    assert [outcome.exploit_id for outcome in outcomes] == [item.exploit.id for item in items]
    return {names[outcome.exploit_id]: outcome for outcome in outcomes}


def test_every_rule_has_an_exploit() -> None:
    assert {item.exploit.name for item in selected()} == set(EXPECTED_EVIDENCE)


def test_badly_configured_https_server(cert: tuple[Path, Path]) -> None:
    with header_server(UNSAFE, cert) as server:
        outcomes = run(web_port(server.port, "https"))
    for name, outcome in outcomes.items():
        assert outcome.status is CheckStatus.DONE, name
        assert len(outcome.findings) == 1, name
        assert outcome.findings[0].output.startswith(EXPECTED_EVIDENCE[name]), outcome.findings[0].output
        assert f"(GET https://127.0.0.1:{server.port}/: 200)" in outcome.findings[0].output
        assert "verysecretvalue" not in outcome.findings[0].output


def test_well_configured_https_server(cert: tuple[Path, Path]) -> None:
    with header_server(SAFE, cert) as server:
        outcomes = run(web_port(server.port, "ssl/http"))
    assert {name: (o.status, o.findings) for name, o in outcomes.items()} == {
        name: (CheckStatus.DONE, ()) for name in EXPECTED_EVIDENCE
    }


def test_badly_configured_http_server_skips_https_only_rules() -> None:
    with header_server(UNSAFE) as server:
        outcomes = run(web_port(server.port, "http"))
    for name, outcome in outcomes.items():
        if name in HTTPS_ONLY:
            assert (outcome.status, outcome.findings) == (CheckStatus.SKIPPED, ()), name
            assert outcome.reason is CheckReason.NOT_APPLICABLE
            assert outcome.detail and "HTTPS" in outcome.detail
        else:
            assert outcome.status is CheckStatus.DONE, name
            assert outcome.findings[0].output.startswith(EXPECTED_EVIDENCE[name]), name


def test_well_configured_http_server() -> None:
    with header_server(SAFE) as server:
        outcomes = run(web_port(server.port, "http"))
    assert all(not outcome.findings for outcome in outcomes.values())


def test_one_get_with_the_configured_user_agent() -> None:
    with header_server(SAFE) as server:
        run(web_port(server.port, "http"), useragent="AucoteTest/1")
    assert len(server.requests) == 1
    path, headers = server.requests[0]
    assert path == "/"
    assert headers["User-Agent"] == "AucoteTest/1"


def test_same_origin_redirects_are_followed_and_their_cookies_judged(cert: tuple[Path, Path]) -> None:
    routes = {
        "/": Reply(302, (("Location", "/login"), ("Set-Cookie", "early=1; Secure; HttpOnly"))),
        "/login": Reply(200, SAFE),
    }
    with reply_server(routes, cert) as server:
        outcomes = run(web_port(server.port, "https"))
    assert [path for path, _ in server.requests] == ["/", "/login"]
    assert not outcomes["hsts"].findings
    assert outcomes["cookie-samesite"].findings[0].output.startswith("Set-Cookie early (secure; httponly)")


def test_redirect_to_another_origin_is_not_followed() -> None:
    other = free_port()
    routes = {"/": Reply(301, (("Location", f"http://127.0.0.2:{other}/"),))}
    with reply_server(routes) as server:
        outcomes = run(web_port(server.port, "http"))
    assert len(server.requests) == 1
    assert "(GET http://127.0.0.1:" in outcomes["csp"].findings[0].output
    assert ": 301)" in outcomes["csp"].findings[0].output


def test_redirect_loops_stop() -> None:
    with reply_server({"/": Reply(302, (("Location", "/"),))}) as server:
        outcomes = run(web_port(server.port, "http"))
    assert len(server.requests) == 4
    assert outcomes["csp"].status is CheckStatus.DONE


def test_nothing_listening_fails_every_exploit() -> None:
    number = free_port()
    outcomes = run(web_port(number, "http"))
    for outcome in outcomes.values():
        assert (outcome.status, outcome.reason, outcome.detail) == (
            CheckStatus.FAILED,
            CheckReason.UNREACHABLE,
            f"GET http://127.0.0.1:{number}/ failed: All connection attempts failed",
        )


def test_plain_http_on_a_tls_port_fails_unanswered(cert: tuple[Path, Path]) -> None:
    # The TLS server hangs up on a plain request without a word: nothing tells it from a reset.
    with header_server(SAFE, cert) as server:
        outcomes = run(web_port(server.port, "http"))
    assert {(o.status, o.reason, o.detail) for o in outcomes.values()} == {
        (
            CheckStatus.FAILED,
            CheckReason.UNREACHABLE,
            f"GET http://127.0.0.1:{server.port}/ failed: ReadError",
        )
    }


def test_tls_client_on_a_plain_http_port_is_not_applicable() -> None:
    with header_server(SAFE) as server:
        outcomes = run(web_port(server.port, "https"))
    assert {(o.status, o.reason) for o in outcomes.values()} == {
        (CheckStatus.SKIPPED, CheckReason.NOT_APPLICABLE)
    }
    assert "SSL" in (outcomes["csp"].detail or "")


def test_silent_server_times_out() -> None:
    import socket

    with socket.create_server(("127.0.0.1", 0)) as silent:
        port = web_port(silent.getsockname()[1], "http")
        context = CheckContext(timeout=0.5)
        outcomes = asyncio.run(HttpHeadersCheck().run(port, selected()[:2], context))
    assert [(o.status, o.reason, o.detail) for o in outcomes] == [
        (CheckStatus.TIMEOUT, CheckReason.TIMEOUT, "no HTTP response within 0.5 s")
    ] * 2


def test_unknown_exploit_name_fails_alone() -> None:
    from aucote.model.exploit import Exploit

    stray = Selected(Exploit(id=9999, app=APP, name="x-nothing"))
    with header_server(SAFE) as server:
        csp = [item for item in selected() if item.exploit.name == "csp"]
        outcomes = run(web_port(server.port, "http"), [stray, *csp])
    stray_outcome = outcomes["x-nothing"]
    assert (stray_outcome.status, stray_outcome.reason, stray_outcome.detail) == (
        CheckStatus.FAILED,
        CheckReason.CHECK_ERROR,
        "aucote-http-headers has no rule named 'x-nothing'",
    )
    assert outcomes["csp"].status is CheckStatus.DONE


def test_a_crashing_rule_fails_its_exploit_only() -> None:
    # No shipped rule can be made to crash on demand: a rule with a bug stands in for one.
    from aucote.checks.http_headers.page import Page
    from aucote.checks.http_headers.rules import RULES

    def buggy(page: Page) -> str | None:
        return page.headers[99][0]

    csp = [item for item in selected() if item.exploit.name in ("csp", "nosniff")]
    with header_server(SAFE) as server:
        port = web_port(server.port, "http")
        check = HttpHeadersCheck({"csp": buggy, "nosniff": RULES["nosniff"]})
        outcomes = asyncio.run(check.run(port, csp, CheckContext(timeout=5)))
    assert [(o.status, o.reason, o.detail) for o in outcomes] == [
        (CheckStatus.FAILED, CheckReason.CHECK_ERROR, "IndexError: tuple index out of range"),
        (CheckStatus.DONE, None, None),
    ]


@pytest.mark.parametrize(
    ("service", "number", "scheme"),
    [("https", 8000, "https"), (None, 443, "https"), (None, 80, "http"), ("http", 443, "http")],
)
def test_scheme_from_service(service: str | None, number: int, scheme: str) -> None:
    from aucote.checks.http_headers.origin import origin_url

    port = Port(
        Node(1, IPv4Address("10.0.0.1")), number, Protocol.TCP, Service(name=service) if service else None
    )
    assert origin_url(port) == f"{scheme}://10.0.0.1:{number}"


def test_ipv6_origin_in_brackets() -> None:
    from ipaddress import IPv6Address

    from aucote.checks.http_headers.origin import origin_url

    port = Port(Node(1, IPv6Address("::1")), 8443, Protocol.TCP, Service(name="http", tunnel="ssl"))
    assert origin_url(port) == "https://[::1]:8443"


def test_nothing_selected_sends_nothing() -> None:
    with header_server(SAFE) as server:
        assert run(web_port(server.port, "http"), []) == {}
    assert server.requests == []


def test_another_protocol_is_not_applicable() -> None:
    from tests.checks.ssh.servers import replay_server

    async def scenario() -> list[ExploitOutcome]:
        async with replay_server(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n\r\n", close=False) as number:
            return await HttpHeadersCheck().run(
                web_port(number, "http"), selected()[:1], CheckContext(timeout=5)
            )

    [outcome] = asyncio.run(scenario())
    assert (outcome.status, outcome.reason) == (CheckStatus.SKIPPED, CheckReason.NOT_APPLICABLE)
    assert (outcome.detail or "").endswith(
        "failed: illegal status line: bytearray(b'SSH-2.0-OpenSSH_9.2p1 Debian-2')"
    )


def test_a_service_that_hangs_up_without_answering_is_unreachable() -> None:
    from tests.checks.ssh.servers import replay_server

    async def scenario() -> list[ExploitOutcome]:
        async with replay_server(b"") as number:
            return await HttpHeadersCheck().run(
                web_port(number, "http"), selected()[:1], CheckContext(timeout=5)
            )

    [outcome] = asyncio.run(scenario())
    assert (outcome.status, outcome.reason) == (CheckStatus.FAILED, CheckReason.UNREACHABLE)
    assert (outcome.detail or "").endswith("failed: Server disconnected without sending a response.")
