"""Value types of the configuration that need parsing: periods, cron, networks, port lists, hashes."""

from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, PlainSerializer

from aucote.config.cron import validate_cron
from aucote.config.networks import IPNetwork, parse_networks
from aucote.config.passwords import validate_password_hash
from aucote.config.periods import format_period, parse_period
from aucote.config.ports import parse_port_spec


def _period(value: object) -> float:
    if not isinstance(value, str | int | float):
        raise ValueError(f"expected a period such as '2h' or a number of seconds, got {value!r}")
    return parse_period(value)


def _listed(value: object) -> list[object]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list, got {value!r}")
    return value


def _networks(value: object) -> list[IPNetwork]:
    networks: list[IPNetwork] = []
    for item in _listed(value):
        if not isinstance(item, str):
            raise ValueError(f"expected an IP address, network or range as a string, got {item!r}")
        networks.extend(parse_networks(item))
    return networks


def _port_spec(item: object) -> str:
    if isinstance(item, bool) or not isinstance(item, str | int):
        raise ValueError(f"expected a port list such as '0-65535' or 22, got {item!r}")
    text = str(item).replace(" ", "")
    parse_port_spec(text)
    return text


def _port_specs(value: object) -> list[str]:
    return [_port_spec(item) for item in _listed(value)]


Period = Annotated[
    float, BeforeValidator(_period), PlainSerializer(format_period, return_type=str, when_used="json")
]
"""Seconds; written as `2h`, `1d2h3m4s`, `30s` or a number; printed back in the compact form."""

CronExpression = Annotated[str, AfterValidator(validate_cron)]
"""A five-field cron expression (UTC) or an @-macro, checked with croniter."""

NetworkList = Annotated[list[IPNetwork], BeforeValidator(_networks)]
"""CIDR blocks, single addresses (-> /32, /128) and `first-last` ranges, IPv4 and IPv6."""

PortSpecList = Annotated[list[str], BeforeValidator(_port_specs)]
"""nmap port lists (`0-65535`, `22,80`, `T:80,U:53`), each checked by `parse_port_spec`."""

PasswordHash = Annotated[str, AfterValidator(validate_password_hash)]
"""A hex SHA-512 digest or a `pbkdf2_sha256$iterations$salt$hash` string."""
