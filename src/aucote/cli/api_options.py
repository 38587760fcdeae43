"""What the `serve` and `service` commands take from `service.api` for serving: the certificate
files and the URL to print."""

from pathlib import Path

from aucote.api.tls import TlsFiles
from aucote.config.service import ApiSettings


def tls_files(api: ApiSettings) -> TlsFiles | None:
    """The certificate files when `service.api.tls` is set, else None (plain HTTP)."""
    if api.tls.cert is None or api.tls.key is None:
        return None
    return TlsFiles(Path(api.tls.cert), Path(api.tls.key))


def api_url(api: ApiSettings, host: str, port: int) -> str:
    """`http(s)://host:port<path>/api/v1`, an IPv6 host in brackets."""
    scheme = "https" if api.tls.enabled else "http"
    shown = f"[{host}]" if ":" in host else host
    return f"{scheme}://{shown}:{port}{api.path}/api/v1"
