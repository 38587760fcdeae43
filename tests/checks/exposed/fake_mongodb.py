"""A stand-in for MongoDB, which has no Debian package and cannot run here: a threaded TCP server
speaking just enough of the wire protocol (OP_QUERY/OP_REPLY and OP_MSG) to answer the handshake
(`isMaster`, `hello`), `listDatabases`, `buildInfo`, `ping` and `endSessions` with documents shaped
as a real mongod's (the fields pymongo's client reads from the handshake included), like an open
server or like one with authorization enabled (`listDatabases` -> ok 0, code 13 Unauthorized, as
mongod answers). It is a fake: its documents are written from mongod's replies, not recorded.

`wire_version` picks the server generation: 17 is MongoDB 6.0 (legacy OP_QUERY refused for
anything but the handshake), 5 is MongoDB 3.4 (no OP_MSG)."""

import datetime
import socketserver
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import bson
from bson.int64 import Int64
from bson.objectid import ObjectId

OP_REPLY, OP_QUERY, OP_MSG = 1, 2004, 2013
DATABASES = ("admin", "config", "local", "customers")
HANDSHAKES = ("isMaster", "ismaster", "hello")
VERSIONS = {17: "6.0.14", 5: "3.4.24"}


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    auth = False
    wire_version = 17
    process_id = ObjectId()


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
            document = self._reply(bson.decode(body[collection_end + 9 :]), legacy=True)
            payload = struct.pack("<iqii", 0, 0, 0, 1) + bson.encode(document)
            return self._message(OP_REPLY, request_id, payload)
        if op_code == OP_MSG and self.server.wire_version >= 6:
            size = struct.unpack_from("<i", body, 5)[0]
            document = self._reply(bson.decode(body[5 : 5 + size]), legacy=False)
            return self._message(OP_MSG, request_id, struct.pack("<I", 0) + b"\x00" + bson.encode(document))
        return b""

    def _reply(self, request: dict[str, Any], legacy: bool) -> dict[str, Any]:
        command = next(iter(request))
        if legacy and command not in HANDSHAKES and self.server.wire_version >= 13:
            return _error(f"Unsupported OP_QUERY command: {command}", 352, "UnsupportedOpQueryCommand")
        if command in HANDSHAKES:
            return self._hello(command, request)
        if command == "listDatabases":
            return self._databases(request)
        if command in ("ping", "endSessions"):
            return {"ok": 1.0}
        if command in ("buildInfo", "buildinfo"):
            version = VERSIONS.get(self.server.wire_version, "6.0.14")
            numbers = [int(part) for part in version.split(".")] + [0]
            return {"version": version, "versionArray": numbers, "maxBsonObjectSize": 16777216, "ok": 1.0}
        return _error(f"no such command: '{command}'", 59, "CommandNotFound")

    def _hello(self, command: str, request: dict[str, Any]) -> dict[str, Any]:
        primary = {"isWritablePrimary": True} if command == "hello" else {"ismaster": True}
        counter = {"processId": self.server.process_id, "counter": Int64(0)}
        return {
            **({"topologyVersion": counter} if self.server.wire_version >= 9 else {}),
            **primary,
            **({"helloOk": True} if request.get("helloOk") else {}),
            "maxBsonObjectSize": 16777216,
            "maxMessageSizeBytes": 48000000,
            "maxWriteBatchSize": 100000,
            "localTime": datetime.datetime.now(datetime.UTC),
            "logicalSessionTimeoutMinutes": 30,
            "connectionId": 7,
            "minWireVersion": 0,
            "maxWireVersion": self.server.wire_version,
            "readOnly": False,
            "ok": 1.0,
        }

    def _databases(self, request: dict[str, Any]) -> dict[str, Any]:
        if self.server.auth:
            return _error("command listDatabases requires authentication", 13, "Unauthorized")
        if request.get("nameOnly"):
            return {"databases": [{"name": name} for name in DATABASES], "ok": 1.0}
        sizes = [{"name": name, "sizeOnDisk": Int64(8192), "empty": False} for name in DATABASES]
        return {"databases": sizes, "totalSize": Int64(32768), "totalSizeMb": Int64(0), "ok": 1.0}

    @staticmethod
    def _message(op_code: int, response_to: int, payload: bytes) -> bytes:
        return struct.pack("<iiii", 16 + len(payload), 99, response_to, op_code) + payload


def _error(message: str, code: int, name: str) -> dict[str, Any]:
    return {"ok": 0.0, "errmsg": message, "code": code, "codeName": name}


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
