"""The HTTP client of Aucote's web checks: no certificate checks, old TLS versions allowed, the
configured User-Agent, no proxy from the environment, the check's timeout."""

import ssl
from collections.abc import Mapping
from typing import Final

import httpx

DEFAULT_USER_AGENT: Final = "Mozilla/5.0 (compatible; Aucote security scanner)"


def user_agent(options: Mapping[str, object]) -> str:
    """`options['useragent']` when it is a non-empty string, else Aucote's default."""
    value = options.get("useragent")
    return value if isinstance(value, str) and value else DEFAULT_USER_AGENT


def scanner_tls_context() -> ssl.SSLContext:
    """A client context that accepts any certificate and any protocol version OpenSSL still has:
    a scanner must reach the badly configured servers too."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
    context.set_ciphers("ALL:@SECLEVEL=0")
    return context


def open_client(options: Mapping[str, object], timeout: float) -> httpx.AsyncClient:
    """A client for one port; close it with `async with`."""
    return httpx.AsyncClient(
        verify=scanner_tls_context(),
        timeout=httpx.Timeout(timeout),
        headers={"User-Agent": user_agent(options), "Accept": "*/*"},
        follow_redirects=False,
        trust_env=False,
    )
