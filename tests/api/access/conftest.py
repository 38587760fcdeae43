"""The login tests' store, clock and user, for the session tests here."""

from tests.api.login.conftest import alice, clock, store

__all__ = ["alice", "clock", "store"]
