"""Server TLS contexts for the fakes that speak HTTPS (kubelet, API server, Docker with --tlsverify):
a test authority's certificate for the address, optionally demanding a client certificate."""

import ssl
from pathlib import Path

from tests.support.tls_servers import Authority, CertSpec, server_context


def tls_context(workdir: Path, address: str, client_certificates: bool = False) -> ssl.SSLContext:
    """A server context for `address`; `client_certificates`: only clients with a certificate of the
    test authority get through (as Docker's --tlsverify and Kubernetes' client-certificate auth)."""
    authority = Authority.create(workdir)
    files = authority.issue(workdir, "server", CertSpec(common_name=address, ip_addresses=(address,)))
    context = server_context(files)
    if client_certificates:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(authority.cert_file)
    return context
