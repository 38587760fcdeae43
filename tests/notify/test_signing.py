"""Webhook signatures: made and checked; a changed body, another secret or an old timestamp fail."""

from aucote.notify.signing import sign, verify


def test_a_signature_verifies_only_for_its_body_secret_and_time() -> None:
    header = sign("s3cret", 1_700_000_000, b'{"a": 1}')
    assert header.startswith("t=1700000000,v1=") and len(header) == len("t=1700000000,v1=") + 64
    assert verify("s3cret", header, b'{"a": 1}', now=1_700_000_010)
    assert not verify("s3cret", header, b'{"a": 2}', now=1_700_000_010)
    assert not verify("other", header, b'{"a": 1}', now=1_700_000_010)
    assert not verify("s3cret", header, b'{"a": 1}', now=1_700_000_400)
    assert not verify("s3cret", "v1=abc", b'{"a": 1}', now=1_700_000_000)
