"""The tool-specific options of the external checks (`tools.<app>` keys handed down in
CheckContext.options). Each `from_options` raises ValueError naming the option that is wrong."""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

DEFAULT_DISABLED_SERVICES: Final = frozenset({"vnc", "http", "https"})
"""nmap services hydra leaves alone unless `tools.hydra.disable_services` says otherwise."""


@dataclass(frozen=True, slots=True)
class TestsslSettings:
    """`checks`: testssl single-check options (`[--protocols, --vulnerable]`; empty: its default
    run); `connect_timeout` / `openssl_timeout`: seconds testssl waits for a connect / a handshake."""

    __test__ = False

    checks: tuple[str, ...] = ()
    connect_timeout: int = 10
    openssl_timeout: int = 10

    @classmethod
    def from_options(cls, options: Mapping[str, object]) -> "TestsslSettings":
        return cls(
            checks=strings(options, "checks", ()),
            connect_timeout=positive(options, "connect_timeout", 10),
            openssl_timeout=positive(options, "openssl_timeout", 10),
        )


@dataclass(frozen=True, slots=True)
class WhatwebSettings:
    """`useragent` (from `tools.common.http.useragent`) and `aggression` (1 or 3)."""

    useragent: str | None = None
    aggression: int = 1

    @classmethod
    def from_options(cls, options: Mapping[str, object]) -> "WhatwebSettings":
        agent = options.get("useragent")
        return cls(
            useragent=agent.strip() or None if isinstance(agent, str) else None,
            aggression=positive(options, "aggression", 1),
        )


@dataclass(frozen=True, slots=True)
class HydraSettings:
    """`tasks`: parallel connections (-t); `disable_services`: nmap service names never attacked;
    `logins` / `passwords`: word list files replacing the shipped ones."""

    tasks: int = 4
    disable_services: frozenset[str] = DEFAULT_DISABLED_SERVICES
    logins: Path | None = None
    passwords: Path | None = None

    @classmethod
    def from_options(cls, options: Mapping[str, object]) -> "HydraSettings":
        disabled = strings(options, "disable_services", tuple(DEFAULT_DISABLED_SERVICES))
        return cls(
            tasks=positive(options, "tasks", 4),
            disable_services=frozenset(name.lower() for name in disabled),
            logins=word_list(options, "logins"),
            passwords=word_list(options, "passwords"),
        )


def positive(options: Mapping[str, object], key: str, default: int) -> int:
    """A whole number ≥ 1."""
    value = options.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"option {key}: expected a whole number of at least 1, got {value!r}")
    return value


def strings(options: Mapping[str, object], key: str, default: tuple[str, ...]) -> tuple[str, ...]:
    """A list of strings (None: the default)."""
    value = options.get(key)
    if value is None:
        return default
    if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"option {key}: expected a list of strings, got {value!r}")
    return tuple(item.strip() for item in value if item.strip())


def word_list(options: Mapping[str, object], key: str) -> Path | None:
    """The path of an existing file, or None when the option is not set."""
    value = options.get(key)
    if value is None:
        return None
    if not isinstance(value, str | Path) or not Path(value).is_file():
        raise ValueError(f"option {key}: expected the path of a word list file, got {value!r}")
    return Path(value)
