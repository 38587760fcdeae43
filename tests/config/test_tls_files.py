"""`service.api.tls`: both files or neither, readable PEM, a key that matches the certificate and is
strong enough; each problem named with the file and the key."""

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)

from aucote.config.errors import ConfigError
from aucote.config.loader import load_settings
from tests.config.conftest import WriteConfig
from tests.support.tls_servers import Authority, CertFiles, CertSpec

STRONG = "an RSA key of 2048 bits or more, or an EC key on P-256 or P-384"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("tls-config")


@pytest.fixture(scope="module")
def authority(folder: Path) -> Authority:
    return Authority.create(folder)


@pytest.fixture(scope="module")
def good(authority: Authority, folder: Path) -> CertFiles:
    return authority.issue(folder, "good")


@pytest.fixture(scope="module")
def other(authority: Authority, folder: Path) -> CertFiles:
    return authority.issue(folder, "other", CertSpec(key="ec", key_size=256))


def tls_yaml(cert: object, key: object) -> str:
    lines = ["service:", "  api:", "    tls:"]
    lines += [f"      {name}: {value}" for name, value in (("cert", cert), ("key", key)) if value is not None]
    return "\n".join(lines) + "\n"


def error_of(path: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={})
    return str(caught.value)


def test_a_matching_pair_is_accepted(write_config: WriteConfig, good: CertFiles) -> None:
    tls = load_settings(write_config(tls_yaml(good.cert, good.key)), environ={}).settings.service.api.tls
    assert (tls.cert, tls.key, tls.enabled) == (str(good.cert), str(good.key), True)


def test_neither_file_means_plain_http(write_config: WriteConfig) -> None:
    tls = load_settings(write_config("service: {api: {tls: {cert: null}}}\n"), environ={}).settings
    assert tls.service.api.tls.enabled is False


def test_one_file_holding_chain_and_key_is_accepted(
    write_config: WriteConfig, good: CertFiles, authority: Authority, folder: Path
) -> None:
    combined = folder / "combined.pem"
    combined.write_bytes(good.cert.read_bytes() + authority.cert_file.read_bytes() + good.key.read_bytes())
    tls = load_settings(write_config(tls_yaml(combined, combined)), environ={}).settings.service.api.tls
    assert tls.cert == tls.key == str(combined)


def test_a_certificate_without_key_is_refused(write_config: WriteConfig, good: CertFiles) -> None:
    path = write_config(tls_yaml(good.cert, None))
    assert error_of(path) == (
        f"{path}: service.api.tls.key: missing: service.api.tls.cert is set, and HTTPS needs both"
    )


def test_a_key_without_certificate_is_refused(write_config: WriteConfig, good: CertFiles) -> None:
    path = write_config(tls_yaml(None, good.key))
    assert error_of(path) == (
        f"{path}: service.api.tls.cert: missing: service.api.tls.key is set, and HTTPS needs both"
    )


def test_missing_files_are_named_each_under_its_key(write_config: WriteConfig, folder: Path) -> None:
    path = write_config(tls_yaml(folder / "absent.crt", folder))
    assert error_of(path).splitlines() == [
        f"{path}: service.api.tls.cert: no such file '{folder / 'absent.crt'}'",
        f"{path}: service.api.tls.key: '{folder}' is not a file",
    ]


def test_files_that_are_not_pem_are_refused(write_config: WriteConfig, good: CertFiles) -> None:
    path = write_config(tls_yaml(good.key, good.cert))
    assert error_of(path).splitlines() == [
        f"{path}: service.api.tls.cert: '{good.key}' holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
        f"{path}: service.api.tls.key: '{good.cert}' holds no PEM private key (-----BEGIN PRIVATE KEY-----)",
    ]


def test_a_key_of_another_certificate_is_refused(
    write_config: WriteConfig, good: CertFiles, other: CertFiles
) -> None:
    path = write_config(tls_yaml(good.cert, other.key))
    assert error_of(path) == (
        f"{path}: service.api.tls.key: the private key in '{other.key}' does not match the certificate"
        f" in '{good.cert}'"
    )


def test_an_encrypted_key_is_refused_without_prompting(
    write_config: WriteConfig, good: CertFiles, folder: Path
) -> None:
    encrypted = folder / "encrypted.key"
    key = load_pem_private_key(good.key.read_bytes(), password=None)
    encrypted.write_bytes(
        key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, BestAvailableEncryption(b"pw"))
    )
    path = write_config(tls_yaml(good.cert, encrypted))
    assert error_of(path) == (
        f"{path}: service.api.tls.key: the private key in '{encrypted}' is encrypted: Aucote cannot ask for"
        " a passphrase; store it unencrypted, readable only by Aucote's user (chmod 600)"
    )


@pytest.mark.parametrize(
    ("spec", "weakness"),
    [
        (CertSpec(key_size=1024), "is an RSA key of 1024 bits"),
        (CertSpec(key="ec", key_size=192), "is an EC key on secp192r1"),
    ],
)
def test_a_weak_key_is_refused(
    write_config: WriteConfig, authority: Authority, folder: Path, spec: CertSpec, weakness: str
) -> None:
    files = authority.issue(folder, f"weak-{spec.key}", spec)
    path = write_config(tls_yaml(files.cert, files.key))
    assert (
        error_of(path)
        == f"{path}: service.api.tls.key: the private key in '{files.key}' {weakness}; use {STRONG}"
    )


def test_a_key_that_is_neither_rsa_nor_ec_is_refused(
    write_config: WriteConfig, folder: Path, good: CertFiles
) -> None:
    odd = folder / "ed25519.key"
    key = ed25519.Ed25519PrivateKey.generate()
    odd.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    path = write_config(tls_yaml(good.cert, odd))
    assert error_of(path) == (
        f"{path}: service.api.tls.key: the private key in '{odd}' is neither RSA nor EC (Ed25519);"
        f" use {STRONG}"
    )


def test_trusted_proxies_take_networks_and_refuse_host_bits(write_config: WriteConfig) -> None:
    path = write_config("service:\n  api:\n    trusted_proxies: [127.0.0.1, '10.0.0.0/24', '::1']\n")
    proxies = load_settings(path, environ={}).settings.service.api.trusted_proxies
    assert [str(network) for network in proxies] == ["127.0.0.1/32", "10.0.0.0/24", "::1/128"]
    path = write_config("service:\n  api:\n    trusted_proxies: ['10.0.0.1/24']\n")
    assert error_of(path) == (
        f"{path}: service.api.trusted_proxies: '10.0.0.1/24' has host bits set (did you mean '10.0.0.0/24'?)"
    )
