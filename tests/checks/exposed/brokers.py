"""Module-scoped daemons for the broker probe tests: a work directory and a free port of 127.0.0.1."""

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from tests.support.ports import free_port

Daemon = Callable[[Path, str, int], AbstractContextManager[None]]


def running(factory: pytest.TempPathFactory, name: str, daemon: Daemon) -> Iterator[int]:
    """Start `daemon` on a free port of 127.0.0.1 in a work directory of its own; yield the port."""
    port = free_port()
    with daemon(factory.mktemp(name), "127.0.0.1", port):
        yield port
