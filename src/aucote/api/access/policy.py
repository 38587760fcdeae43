"""When the API reads without a credential ("open mode"), and when a service must not start.

Open mode (the original's behaviour) holds when the API listens on loopback addresses only and no
user exists, or when `service.api.public_read: true` says so on purpose. Otherwise every route
needs a credential. Listening on another address with no way to authenticate at all (no user, no
`service.api.password`) and without `public_read` is refused at start (`exposure_problem`)."""

import socket
from collections.abc import Callable
from dataclasses import dataclass
from ipaddress import ip_address


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessPolicy:
    """What the API was started with: whether it listens on loopback addresses only,
    `service.api.public_read` and `service.metrics.public` (`/metrics` without a credential)."""

    loopback: bool = True
    public_read: bool = False
    public_metrics: bool = False

    def reads_open(self, users_exist: Callable[[], bool]) -> bool:
        """Whether reading needs no credential; `users_exist` is asked only when that decides."""
        return self.public_read or (self.loopback and not users_exist())


def is_loopback_host(host: str) -> bool:
    """Whether `host` (an address, or a name resolved locally, e.g. `localhost`) is loopback only;
    an unresolvable name is not."""
    try:
        return ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return False
    return bool(found) and all(ip_address(str(info[4][0]).split("%")[0]).is_loopback for info in found)


def exposure_problem(host: str, *, users_exist: bool, password: bool, public_read: bool) -> str | None:
    """Why the API may not listen on `host` as configured, or None when it may."""
    if public_read or users_exist or password or is_loopback_host(host):
        return None
    return (
        f"refusing to serve the API on {host} (service.api.v1.host, not a loopback address) without a "
        "credential: no user exists, service.api.password is not set and service.api.public_read is "
        "false. Add a user (aucote user add NAME --role admin), set service.api.password, listen on "
        "127.0.0.1, or set service.api.public_read: true to let anyone who reaches the port read"
    )
