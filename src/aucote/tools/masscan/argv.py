"""The masscan command line, and the guards that keep masscan on the network it was told to use.

Without `--adapter` masscan sends through the machine's default network card, so a command is
refused (MasscanRefused) unless the user's extra arguments (`tools.masscan.args`) name one. What
Aucote decides itself — targets, ports, rate, wait, output — cannot come from those arguments
either: options that would set it, and bare addresses (which masscan would scan as extra
targets), are refused. Targets are IPv4 networks, passed with `--range`, exclusions with
`--exclude`; found ports are read from stdout ("Discovered open port ..." lines, output.py).
"""

import re
from collections.abc import Sequence
from ipaddress import IPv4Network, ip_address, ip_network

DEFAULT_WAIT = 2
"""Seconds masscan waits for late answers after its last probe (its own default is 10)."""

MAX_RATE = 10_000_000

_ADAPTER_LONG, _ADAPTER_SHORT = "adapter", "e"
_IP_VALUED = frozenset({"adapter-ip", "source-ip", "router-ip", "exclude"})
_OWNED_LONG = frozenset(
    {
        # targets: only Aucote's --range and --exclude
        "range", "ranges", "include", "includefile", "include-file", "conf", "config", "resume",
        "readscan", "read-scan",
        # ports, rate and wait
        "ports", "port", "top-ports", "rate", "max-rate", "wait",
        # output: found ports must reach stdout as "Discovered open port" lines
        "output-format", "output-filename", "output-file", "append-output", "echo", "echo-all",
        "echo-cidr",
    }
)  # fmt: skip
_OWNED_SHORT = frozenset({"p", "o", "i", "c"})
_PORT_RANGE = re.compile(r"(\d*)-(\d*)|(\d+)")


class MasscanRefused(ValueError):
    """masscan will not be started with these arguments (no adapter, or an option Aucote owns)."""


def scan_argv(
    targets: Sequence[IPv4Network],
    ports: str,
    *,
    rate: int,
    args: Sequence[str],
    exclude: Sequence[IPv4Network] = (),
    wait: int = DEFAULT_WAIT,
    masscan: str = "masscan",
) -> list[str]:
    """A TCP SYN scan of `ports` on `targets` (minus `exclude`) at `rate` packets per second.

    `args` (which must name the adapter) come right after the command; `ports` is a port spec
    ("80,443,8000-8100"; nmap's open ranges "-", "1024-" and an optional "T:" are accepted).
    """
    checked = check_args(args)
    if not targets:
        raise ValueError("no targets")
    if not 1 <= rate <= MAX_RATE:
        raise ValueError(f"rate must be between 1 and {MAX_RATE}, got {rate}")
    if wait < 0:
        raise ValueError(f"wait must not be negative, got {wait}")
    argv = [masscan, *checked, "--rate", str(rate), "--wait", str(wait), "-p", port_spec(ports)]
    if exclude:
        argv += ["--exclude", ",".join(str(network) for network in exclude)]
    return [*argv, "--range", ",".join(str(network) for network in targets)]


def check_args(args: Sequence[str]) -> list[str]:
    """`args` as a list if they name an adapter and set nothing Aucote owns; else MasscanRefused."""
    checked = list(args)
    if not has_adapter(checked):
        raise MasscanRefused(
            "masscan needs the network adapter to send through: set tools.masscan.args to include "
            "--adapter <interface> (without it masscan uses the machine's default network card)"
        )
    for index, token in enumerate(checked):
        if (name := _option(token)) is not None:
            _check_option(name, token)
        elif _names_target(token) and _option(checked[index - 1] if index else "") not in _IP_VALUED:
            raise MasscanRefused(
                f"tools.masscan.args must not name addresses to scan ({token!r}): targets come "
                "from the scan's networks"
            )
    return checked


def has_adapter(args: Sequence[str]) -> bool:
    """Whether `args` name an adapter: `--adapter IF`, `--adapter=IF`, `-e IF` or `-eIF`."""
    for index, token in enumerate(args):
        following = args[index + 1] if index + 1 < len(args) else ""
        if token in ("--adapter", "-e") and following and not following.startswith("-"):
            return True
        if token.startswith("--adapter=") and len(token) > len("--adapter="):
            return True
        if token.startswith("-e") and not token.startswith("--") and len(token) > 2:
            return True
    return False


def port_spec(spec: str) -> str:
    """A masscan TCP port list: digits and ranges joined by commas, every range closed."""
    parts = []
    for part in spec.replace(" ", "").split(","):
        text = part[2:] if part[:2].upper() == "T:" else part
        match = _PORT_RANGE.fullmatch(text)
        if not match:
            raise ValueError(f"bad TCP port spec {spec!r}")
        low, high = (match[3], match[3]) if match[3] else (match[1] or "1", match[2] or "65535")
        if not 0 <= int(low) <= int(high) <= 65535:
            raise ValueError(f"bad port range {part!r} in {spec!r}")
        parts.append(low if low == high else f"{low}-{high}")
    return ",".join(parts)


def port_count(spec: str) -> int:
    """How many distinct ports a spec names."""
    ports: set[int] = set()
    for part in port_spec(spec).split(","):
        low, _, high = part.partition("-")
        ports.update(range(int(low), int(high or low) + 1))
    return len(ports)


def _option(token: str) -> str | None:
    """The option a token sets (`--name`, `--name=value`, `-x`, `-xVALUE` → "name" or "x"), or None."""
    if token.startswith("--"):
        return token[2:].partition("=")[0].lower()
    if token.startswith("-") and len(token) > 1:
        return token[1]
    return None


def _check_option(name: str, token: str) -> None:
    if name in _OWNED_LONG or (len(name) == 1 and name in _OWNED_SHORT):
        raise MasscanRefused(
            f"tools.masscan.args must not contain {token!r}: Aucote sets the targets, ports, rate, "
            "wait and output of masscan itself"
        )


def _names_target(token: str) -> bool:
    """Whether masscan could read `token` as addresses to scan (an address, network or range)."""
    return any(_is_target(part) for part in token.split(","))


def _is_target(text: str) -> bool:
    low, dash, high = text.partition("-")
    try:
        if dash:
            ip_address(low), ip_address(high)
        else:
            ip_network(text, strict=False)
    except ValueError:
        return False
    return True
