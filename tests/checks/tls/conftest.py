"""Shared by the TLS check tests: a test CA, a good server certificate, and the catalogue entries."""

from pathlib import Path

import pytest

from aucote.catalog import load_catalog
from aucote.model.exploit import Exploit
from tests.support.tls_servers import Authority, CertFiles


@pytest.fixture(scope="package")
def tls_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("tls")


@pytest.fixture(scope="package")
def authority(tls_dir: Path) -> Authority:
    return Authority.create(tls_dir)


@pytest.fixture(scope="package")
def good_cert(authority: Authority, tls_dir: Path) -> CertFiles:
    """RSA 2048, SHA-256, valid now for 90 days, for localhost, 127.0.0.1 and ::1, issued by the test CA."""
    return authority.issue(tls_dir, "good")


@pytest.fixture(scope="package")
def tls_exploits() -> dict[str, Exploit]:
    """The shipped aucote-tls exploits by name."""
    return {entry.name: entry.exploit for entry in load_catalog() if entry.app == "aucote-tls"}
