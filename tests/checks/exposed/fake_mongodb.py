"""A stand-in for MongoDB, which has no Debian package and cannot run here: a threaded TCP server
speaking just enough of the wire protocol (OP_QUERY/OP_REPLY and OP_MSG) to answer `isMaster`,
`hello` and `listDatabases` like an open server or like one with authorization enabled
(`listDatabases` -> ok 0, code 13 Unauthorized, as mongod answers). Its BSON encoder is written
separately from the probe's, so the two check each other.

`wire_version` picks the server generation: 17 is MongoDB 6.0 (legacy OP_QUERY refused for
anything but the handshake), 5 is MongoDB 3.4 (no OP_MSG)."""

import socketserver
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager

OP_REPLY, OP_QUERY, OP_MSG = 1, 2004, 2013
DATABASES = ("admin", "config", "local", "customers")


def _bson(document: dict[str, object]) -> bytes:
    body = b"".join(_element(key, value) for key, value in document.items())
    return struct.pack("<i", len(body) + 5) + body + b"\x00"


def _element(key: str, value: object) -> bytes:
    name = key.encode() + b"\x00"
    if isinstance(value, bool):
        return b"\x08" + name + bytes([value])
    if isinstance(value, int):
        return b"\x10" + name + struct.pack("<i", value)
    if isinstance(value, float):
        return b"\x01" + name + struct.pack("<d", value)
    if isinstance(value, str):
        data = value.encode() + b"\x00"
        return b"\x02" + name + struct.pack("<i", len(data)) + data
    if isinstance(value, dict):
        return b"\x03" + name + _bson(value)
    if isinstance(value, list):
        return b"\x04" + name + _bson({str(i): item for i, item in enumerate(value)})
    raise TypeError(value)


def _command_name(document: bytes) -> str:
    """The first key of a BSON document: the command."""
    end = document.index(b"\x00", 5)
    return document[5:end].decode()


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    auth = False
    wire_version = 17


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        while header := self._read(16):
            length, request_id, _, op_code = struct.unpack("<iiii", header)
            body = self._read(length - 16)
            self.request.sendall(self._answer(op_code, request_id, body))

    def _read(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = self.request.recv(size - len(data))
            if not chunk:
                return b""
            data += chunk
        return data

    def _answer(self, op_code: int, request_id: int, body: bytes) -> bytes:
        if op_code == OP_QUERY:
            collection_end = body.index(b"\x00", 4)
            command = _command_name(body[collection_end + 9 :])
            document = self._reply(command, legacy=True)
            payload = struct.pack("<iqii", 0, 0, 0, 1) + _bson(document)
            return self._message(OP_REPLY, request_id, payload)
        if op_code == OP_MSG and self.server.wire_version >= 6:
            document = self._reply(_command_name(body[5:]), legacy=False)
            return self._message(OP_MSG, request_id, struct.pack("<I", 0) + b"\x00" + _bson(document))
        return b""

    def _reply(self, command: str, legacy: bool) -> dict[str, object]:
        handshake = command in ("isMaster", "ismaster", "hello")
        if legacy and not handshake and self.server.wire_version >= 13:
            return {"ok": 0.0, "errmsg": f"Unsupported OP_QUERY command: {command}", "code": 352}
        if handshake:
            return {
                "ismaster": True,
                "maxWireVersion": self.server.wire_version,
                "minWireVersion": 0,
                "ok": 1.0,
            }
        if command != "listDatabases":
            return {"ok": 0.0, "errmsg": f"no such command: '{command}'", "code": 59}
        if self.server.auth:
            message = "command listDatabases requires authentication"
            return {"ok": 0.0, "errmsg": message, "code": 13, "codeName": "Unauthorized"}
        databases = [{"name": name, "sizeOnDisk": 8192.0, "empty": False} for name in DATABASES]
        return {"databases": databases, "totalSize": 32768.0, "ok": 1.0}

    @staticmethod
    def _message(op_code: int, response_to: int, payload: bytes) -> bytes:
        return struct.pack("<iiii", 16 + len(payload), 99, response_to, op_code) + payload


@contextmanager
def fake_mongodb(auth: bool, wire_version: int = 17) -> Iterator[int]:
    """Serve in a thread for the block; yields the port."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.auth, server.wire_version = auth, wire_version
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
