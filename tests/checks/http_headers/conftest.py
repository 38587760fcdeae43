"""A self-signed certificate for the HTTPS servers of these tests."""

from pathlib import Path

import pytest

from tests.support.http_servers import self_signed_cert


@pytest.fixture(scope="session")
def cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return self_signed_cert(tmp_path_factory.mktemp("tls"))
