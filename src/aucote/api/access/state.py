"""What access control keeps for the life of an app: its policy, the cached answer to whether any
user exists, and the configured password's checker."""

from dataclasses import dataclass

from aucote.api.access.password import LegacyPassword
from aucote.api.access.policy import AccessPolicy
from aucote.api.access.presence import UserPresence


@dataclass(frozen=True, slots=True)
class Access:
    """The access control state of one app."""

    policy: AccessPolicy
    presence: UserPresence
    password: LegacyPassword
