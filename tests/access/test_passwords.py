"""Argon2id hashing: the documented parameters, verification, rehash, the dummy hash, the rule."""

import pytest
from argon2 import extract_parameters, profiles

from aucote.access.passwords import MIN_LENGTH, PARAMETERS, Passwords, password_problem

PASSWORD = "correct horse battery staple"


def test_the_real_parameters_are_argon2id_rfc_9106_low_memory() -> None:
    stored = Passwords().hash(PASSWORD)
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert extract_parameters(stored) == profiles.RFC_9106_LOW_MEMORY == PARAMETERS


def test_verify_matches_only_the_password() -> None:
    passwords = Passwords(profiles.CHEAPEST)
    stored = passwords.hash(PASSWORD)
    assert passwords.verify(stored, PASSWORD)
    assert not passwords.verify(stored, PASSWORD + " ")
    assert not passwords.verify("not a hash", PASSWORD)
    assert passwords.hash(PASSWORD) != stored  # salted


def test_passwords_are_compared_after_nfkc_normalisation() -> None:
    passwords = Passwords(profiles.CHEAPEST)
    composed = "caf\u00e9 au lait s'il vous pla\u00eet"
    decomposed = "cafe\u0301 au lait s'il vous plai\u0302t"
    assert passwords.verify(passwords.hash(composed), decomposed)


def test_needs_rehash_when_the_parameters_change() -> None:
    old = Passwords(profiles.CHEAPEST).hash(PASSWORD)
    assert Passwords().needs_rehash(old)
    assert not Passwords(profiles.CHEAPEST).needs_rehash(old)


def test_the_dummy_hash_has_the_hashers_parameters_and_matches_nothing() -> None:
    for parameters in (profiles.CHEAPEST, PARAMETERS):
        passwords = Passwords(parameters)
        assert extract_parameters(passwords._dummy) == parameters
        assert not passwords.verify_nobody(PASSWORD)


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("a" * (MIN_LENGTH - 1), "the password must have at least 15 characters (it has 14)"),
        ("", "the password must have at least 15 characters (it has 0)"),
        ("x" * 1025, "the password must have at most 1024 characters"),
        ("Administrator.1", "the password must not be the user name"),
        ("a" * MIN_LENGTH, None),
        (PASSWORD, None),
    ],
)
def test_password_rule(password: str, problem: str | None) -> None:
    assert password_problem(password, "administrator.1") == problem
