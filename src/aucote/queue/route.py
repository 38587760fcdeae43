"""Whether a worker's machine has a route to a host it was sent. A worker sits inside its zone and
reaches every host of it: a host it has no route to is in the wrong zone (or the worker on the
wrong network), and saying so beats reporting the host down after a ping that never left."""

import socket

from aucote.model.target import IPAddress

DISCARD_PORT = 9
"""Any port: a UDP connect only looks the route up, it sends nothing."""


class NoRoute(Exception):
    """This machine has no route to a host it was sent."""


def check_route(ip: IPAddress, worker: str, zone: str) -> None:
    """NoRoute naming the host, the worker and its zone when the kernel has no route to `ip`."""
    family = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect((str(ip), DISCARD_PORT))
        except OSError as error:
            raise NoRoute(
                f"no route to {ip} from worker {worker} ({error.strerror}): is {ip} in zone {zone}?"
            ) from None
