"""Listeners that record who contacted them: proof that an excluded host or port was never touched.

A SYN scan never completes a handshake, so an accepting socket alone would not see it. A
`ContactRecorder` therefore records two things for an address: every connection its listening
ports accept (peer, time) and every packet the kernel delivers for that address on an interface
(IPv4 to the address, or an ARP request asking for it), read from a packet socket behind a BPF
filter (root only). Zero contacts means nothing at all reached the address or the port.

In a thread (`recording_listener`) or as a process inside a network namespace, one JSON line per
contact appended to LOG (a first line `{"ready": true}` says it is listening):

    python -m tests.support.listeners IP INTERFACE LOG [PORT ...]
"""

import ctypes
import json
import socket
import struct
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4
SO_ATTACH_FILTER = 26
PROTOCOLS = {1: "icmp", 6: "tcp", 17: "udp"}


@dataclass(frozen=True, slots=True)
class Contact:
    """One packet or accepted connection aimed at the recorded address."""

    kind: str  # "packet" or "connection"
    time: float
    peer: str
    protocol: str  # tcp, udp, icmp, arp, ip<N>
    port: int | None = None


class _Filter(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_uint16),
        ("jt", ctypes.c_uint8),
        ("jf", ctypes.c_uint8),
        ("k", ctypes.c_uint32),
    ]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_uint16), ("filter", ctypes.POINTER(_Filter))]


def address_filter(ip: str) -> list[tuple[int, int, int, int]]:
    """Classic BPF (cooked packets): accept IPv4 packets to `ip` and ARP requests for `ip`."""
    address = struct.unpack("!I", socket.inet_aton(ip))[0]
    return [
        (0x20, 0, 0, 0xFFFFF000),  # A = ethertype (SKF_AD_PROTOCOL)
        (0x15, 0, 2, 0x0800),  # IPv4? else try ARP
        (0x20, 0, 0, 16),  # A = destination address
        (0x15, 3, 4, address),
        (0x15, 0, 3, 0x0806),  # ARP?
        (0x20, 0, 0, 24),  # A = target protocol address
        (0x15, 0, 1, address),
        (0x06, 0, 0, 0x40000),  # accept
        (0x06, 0, 0, 0),  # drop
    ]


def packet_socket(ip: str, interface: str) -> socket.socket:
    """A cooked packet socket on `interface` that only ever receives packets aimed at `ip`."""
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(ETH_P_ALL))
    code = address_filter(ip)
    array = (_Filter * len(code))(*(_Filter(*insn) for insn in code))
    program = _Program(len(code), array)
    sock.setsockopt(socket.SOL_SOCKET, SO_ATTACH_FILTER, bytes(program))
    sock.bind((interface, ETH_P_ALL))
    sock.settimeout(0.1)
    return sock


def contact_of(data: bytes, ethertype: int, when: float) -> Contact:
    """What one received packet (network header first) was."""
    if ethertype == 0x0806:
        return Contact("packet", when, socket.inet_ntoa(data[14:18]), "arp")
    header = (data[0] & 0x0F) * 4
    number = data[9]
    protocol = PROTOCOLS.get(number, f"ip{number}")
    first_fragment = struct.unpack("!H", data[6:8])[0] & 0x1FFF == 0
    has_port = number in (6, 17) and first_fragment
    port = struct.unpack("!H", data[header + 2 : header + 4])[0] if has_port else None
    return Contact("packet", when, socket.inet_ntoa(data[12:16]), protocol, port)


class ContactRecorder:
    """Listens on `ports` of `ip` and records every contact with `ip` until closed."""

    def __init__(self, ip: str, interface: str, ports: Sequence[int] = (), log: str | None = None) -> None:
        self.ip, self._log = ip, log
        self.contacts: list[Contact] = []
        self._lock, self._stop = threading.Lock(), threading.Event()
        self._sniffer = packet_socket(ip, interface)
        self._servers = [_listening(ip, port) for port in ports]
        self.ports = [server.getsockname()[1] for server in self._servers]
        self._threads = [threading.Thread(target=self._sniff, daemon=True)] + [
            threading.Thread(target=self._accept, args=(server,), daemon=True) for server in self._servers
        ]
        for thread in self._threads:
            thread.start()

    def _record(self, contact: Contact) -> None:
        with self._lock:
            self.contacts.append(contact)
            if self._log:
                with open(self._log, "a") as log:
                    log.write(json.dumps(asdict(contact)) + "\n")

    def _sniff(self) -> None:
        while not self._stop.is_set():
            try:
                data, address = self._sniffer.recvfrom(65535)
            except TimeoutError:
                continue
            if address[2] != PACKET_OUTGOING:
                self._record(contact_of(data, address[1], time.time()))

    def _accept(self, server: socket.socket) -> None:
        while not self._stop.is_set():
            try:
                connection, peer = server.accept()
            except (TimeoutError, OSError):
                continue
            port = server.getsockname()[1]
            self._record(Contact("connection", time.time(), peer[0], "tcp", port))
            connection.close()

    def close(self) -> None:
        """Stop listening and recording (contacts stay readable)."""
        self._stop.set()
        for thread in self._threads:
            thread.join()
        for sock in [self._sniffer, *self._servers]:
            sock.close()


def _listening(ip: str, port: int) -> socket.socket:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((ip, port))
    server.listen(64)
    server.settimeout(0.1)
    return server


@contextmanager
def recording_listener(
    ip: str, ports: Sequence[int] = (0,), interface: str = "lo"
) -> Iterator[ContactRecorder]:
    """Record contacts with `ip` (listening on `ports`; 0 picks a free one) for the block."""
    recorder = ContactRecorder(ip, interface, ports)
    try:
        yield recorder
    finally:
        recorder.close()


def read_log(path: str) -> list[Contact]:
    """The contacts a recorder process wrote (its `ready` line left out)."""
    with open(path) as log:
        rows = [json.loads(line) for line in log if line.strip()]
    return [Contact(**row) for row in rows if "ready" not in row]


def main(args: list[str]) -> None:
    """Record IP on INTERFACE into LOG, listening on PORTs, until killed."""
    ip, interface, log, *ports = args
    ContactRecorder(ip, interface, [int(port) for port in ports], log)
    with open(log, "a") as out:
        out.write(json.dumps({"ready": True}) + "\n")
    threading.Event().wait()


if __name__ == "__main__":
    main(sys.argv[1:])
