"""Fake SNMP agents for the tests of the check's use of pysnmp on foreign datagrams: a UDP socket
that records what the check sends, and one that answers every GetRequest with a chosen datagram in
which the request id of the request it answers is patched in (at the 4-byte `ID_MARKER`), so that
damaged versions of a real GetResponse reach pysnmp's matching and decoding. Real snmpd is used
for everything else (services.py)."""

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from pyasn1.codec.ber import decoder
from pysnmp.proto import api

ID_MARKER = bytes.fromhex("02047a7b7c7d")
"""The request id INTEGER (4 bytes) in a GetResponse template, replaced by the request's own."""

# GetResponses shaped as net-snmp's snmpd sends them (written by hand, not recorded): sysDescr.0 =
# "Linux\n" in v2c and v1 with community public, and noSuchObject in v2c with community private.
RESPONSE_V2C_PUBLIC = bytes.fromhex(
    "302f02010104067075626c6963a222" + "02047a7b7c7d" + "020100020100301430120608"
    "2b0601020101010004064c696e75780a"
)
RESPONSE_V1_PUBLIC = bytes.fromhex(
    "302f02010004067075626c6963a222" + "02047a7b7c7d" + "020100020100301430120608"
    "2b0601020101010004064c696e75780a"
)
RESPONSE_V2C_PRIVATE_NO_SUCH_OBJECT = bytes.fromhex(
    "302a020101040770726976617465a21c" + "02047a7b7c7d" + "020100020100300e300c06082b060102010101008000"
)
TEMPLATES = (RESPONSE_V2C_PUBLIC, RESPONSE_V1_PUBLIC, RESPONSE_V2C_PRIVATE_NO_SUCH_OBJECT)


def request_fields(datagram: bytes) -> tuple[int, str, int, str]:
    """(version, community, request id, first OID) of a v1/v2c GetRequest."""
    version = int(api.decodeMessageVersion(datagram))
    module = api.PROTOCOL_MODULES[version]
    message, _ = decoder.decode(datagram, asn1Spec=module.Message())
    pdu = module.apiMessage.get_pdu(message)
    oid = str(module.apiPDU.get_varbinds(pdu)[0][0])
    community = bytes(module.apiMessage.get_community(message)).decode()
    return version, community, int(module.apiPDU.get_request_id(pdu)), oid


def with_request_id(template: bytes, request_id: int) -> bytes:
    """The template with the marker's value replaced by `request_id` (4 bytes, as pysnmp's are)."""
    return template.replace(ID_MARKER, b"\x02\x04" + request_id.to_bytes(4, "big", signed=True))


@contextmanager
def udp_agent(answer: Callable[[bytes], bytes | None]) -> Iterator[tuple[int, list[bytes]]]:
    """A UDP socket on 127.0.0.1 answering each datagram with `answer(datagram)` (None: silence);
    yields its port and the datagrams received so far."""
    received: list[bytes] = []
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(0.05)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                data, peer = sock.recvfrom(65535)
            except TimeoutError:
                continue
            received.append(data)
            if (reply := answer(data)) is not None:
                sock.sendto(reply, peer)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[1], received
    finally:
        stop.set()
        thread.join()
        sock.close()
