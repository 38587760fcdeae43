"""Undoing what an in-process `aucote scan`/`service` (CliRunner) leaves behind: its pidfd child
watcher (aucote.tools.child_watcher) stays attached to that command's closed event loop, and a later
event loop in the same test process — Playwright's sync API runs its driver as a subprocess from
one — is refused ("asyncio.get_child_watcher() is not activated")."""

import asyncio
import warnings


def default_child_watcher() -> None:
    """Put back asyncio's default child watcher (a thread per child, active without a loop)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        asyncio.set_child_watcher(asyncio.ThreadedChildWatcher())
