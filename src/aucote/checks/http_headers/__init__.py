"""HTTP security headers: one GET of `/` per port, then each selected exploit judges the response
by current practice (HSTS, CSP, nosniff, clickjacking protection, Referrer-Policy,
Permissions-Policy, cookie attributes, version disclosure). See docs/checks/http_headers.md."""

from aucote.checks.http_headers.check import APP, HttpHeadersCheck

__all__ = ["APP", "HttpHeadersCheck"]
