"""The credentials hydra found as one finding, passwords masked; none when it found none (the
original stored an empty finding then, and cleartext passwords when it found some)."""

from collections.abc import Sequence

from aucote.model.finding import Finding
from aucote.tools.hydra.parse import Credential


def mask(password: str) -> str:
    """Only the first and last characters of a password of 5 or more; stars for a shorter one;
    `(empty)` for the empty password. The length shows, the password does not."""
    if not password:
        return "(empty)"
    if len(password) < 5:
        return "*" * len(password)
    return password[0] + "*" * (len(password) - 2) + password[-1]


def hydra_findings(found: Sequence[Credential]) -> tuple[Finding, ...]:
    """`login: <login> password: <masked>` per credential (just `password:` for modules without
    login names)."""
    if not found:
        return ()
    lines = [_line(credential) for credential in found]
    return (Finding("\n".join(lines)),)


def _line(credential: Credential) -> str:
    password = f"password: {mask(credential.password)}"
    return password if credential.login is None else f"login: {credential.login} {password}"
