"""A UDP service on loopback answering every datagram (nmap -sU then calls its port open)."""

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from tests.support.ports import free_port


@contextmanager
def udp_echo(ip: str) -> Iterator[int]:
    """Serve on a free UDP port of `ip` until the block ends; yields the port."""
    server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    server.bind((ip, free_port(ip, socket.SOCK_DGRAM)))
    server.settimeout(0.2)
    stop = threading.Event()
    thread = threading.Thread(target=_serve, args=(server, stop), daemon=True)
    thread.start()
    try:
        yield int(server.getsockname()[1])
    finally:
        stop.set()
        thread.join()
        server.close()


def _serve(server: socket.socket, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            data, peer = server.recvfrom(65535)
        except TimeoutError:
            continue
        server.sendto(data or b"hello", peer)
