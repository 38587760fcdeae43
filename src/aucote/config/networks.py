"""Network lists: CIDR blocks, single addresses and address ranges, IPv4 and IPv6."""

from ipaddress import (
    IPv4Address,
    IPv4Network,
    IPv6Address,
    IPv6Network,
    ip_address,
    ip_network,
    summarize_address_range,
)

IPNetwork = IPv4Network | IPv6Network


def parse_networks(text: str) -> list[IPNetwork]:
    """Networks of `10.0.0.0/8`, `192.0.2.7` (-> /32), `2001:db8::/32` or `10.0.0.5-10.0.0.20`."""
    text = text.strip()
    if "-" in text:
        return _parse_range(text)
    try:
        return [ip_network(text, strict=True)]
    except ValueError as error:
        raise ValueError(_explain(text, error)) from None


def _explain(text: str, error: ValueError) -> str:
    if "has host bits set" in str(error):
        return f"{text!r} has host bits set (did you mean '{ip_network(text, strict=False)}'?)"
    return f"{text!r} is not an IP address, network (CIDR) or range"


def _parse_range(text: str) -> list[IPNetwork]:
    first_text, _, last_text = text.partition("-")
    try:
        first, last = ip_address(first_text.strip()), ip_address(last_text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a range of two IP addresses like 10.0.0.5-10.0.0.20") from None
    try:
        if isinstance(first, IPv4Address) and isinstance(last, IPv4Address):
            return list(summarize_address_range(first, last))
        if isinstance(first, IPv6Address) and isinstance(last, IPv6Address):
            return list(summarize_address_range(first, last))
    except ValueError:
        raise ValueError(f"range {text!r} ends before it starts") from None
    raise ValueError(f"range {text!r} mixes IPv4 and IPv6")
