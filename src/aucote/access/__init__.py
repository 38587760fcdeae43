"""Access control: accounts, API tokens, browser sessions and the audit log (docs/access.md).
Functions take a Connection inside the caller's transaction and the time `now`; they never print."""
