"""When reads are open, which addresses are loopback, and when the API must not start."""

import pytest

from aucote.api.access.policy import AccessPolicy, exposure_problem, is_loopback_host


@pytest.mark.parametrize(
    ("loopback", "public_read", "users_exist", "open_"),
    [
        (True, False, False, True),  # the original: a loopback service without users
        (True, False, True, False),
        (False, False, False, False),
        (False, False, True, False),
        (True, True, True, True),
        (False, True, False, True),
        (False, True, True, True),
    ],
)
def test_reads_open(loopback: bool, public_read: bool, users_exist: bool, open_: bool) -> None:
    asked: list[bool] = []

    def exist() -> bool:
        asked.append(True)
        return users_exist

    assert AccessPolicy(loopback=loopback, public_read=public_read).reads_open(exist) is open_
    assert bool(asked) is (loopback and not public_read)  # the database only where it decides


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.0.2.1", False),
        ("10.12.2.175", False),
        ("fe80::1", False),
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


def test_a_non_loopback_api_without_any_credential_is_refused() -> None:
    problem = exposure_problem("0.0.0.0", users_exist=False, password=False, public_read=False)
    assert problem == (
        "refusing to serve the API on 0.0.0.0 (service.api.v1.host, not a loopback address) without a "
        "credential: no user exists, service.api.password is not set and service.api.public_read is "
        "false. Add a user (aucote user add NAME --role admin), set service.api.password, listen on "
        "127.0.0.1, or set service.api.public_read: true to let anyone who reaches the port read"
    )


@pytest.mark.parametrize(
    ("host", "users_exist", "password", "public_read"),
    [
        ("127.0.0.1", False, False, False),
        ("::1", False, False, False),
        ("0.0.0.0", True, False, False),
        ("0.0.0.0", False, True, False),
        ("0.0.0.0", False, False, True),
    ],
)
def test_allowed_exposures(host: str, users_exist: bool, password: bool, public_read: bool) -> None:
    assert exposure_problem(host, users_exist=users_exist, password=password, public_read=public_read) is None
