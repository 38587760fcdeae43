"""Token primitives: shape, randomness, SHA-256 digest, constant-time comparison."""

import hashlib
import re

from aucote.access.tokens import digest, looks_like_token, new_secret, new_token, same_secret


def test_tokens_have_the_prefix_and_256_random_bits() -> None:
    made = {new_token() for _ in range(200)}
    assert len(made) == 200
    assert all(re.fullmatch(r"aucote_[A-Za-z0-9_-]{43}", token) for token in made)
    assert all(looks_like_token(token) for token in made)


def test_secrets_are_url_safe_and_distinct() -> None:
    made = {new_secret() for _ in range(200)}
    assert len(made) == 200
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{43}", secret) for secret in made)


def test_digest_is_sha256_hex() -> None:
    assert digest("aucote_x") == hashlib.sha256(b"aucote_x").hexdigest()
    assert len(digest(new_token())) == 64


def test_what_is_not_a_token() -> None:
    assert not looks_like_token("Bearer aucote_x")
    assert not looks_like_token("secret-password")
    assert not looks_like_token("aucote_" + "x" * 300)


def test_same_secret() -> None:
    assert same_secret("abc", "abc")
    assert not same_secret("abc", "abd")
    assert not same_secret("abc", "abcd")
