"""A standalone ZooKeeper of its own (Debian's jar, own zoo.cfg and dataDir) with a given
four-letter-word whitelist: `*` answers every command, `` (empty) only ZooKeeper's default `srvr`."""

import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.daemons.programs import program
from tests.support.ports import serving

CLASSPATH = "/etc/zookeeper/conf:/usr/share/java/zookeeper.jar"
MAIN = "org.apache.zookeeper.server.ZooKeeperServerMain"


def config(workdir: Path, address: str, port: int, whitelist: str) -> str:
    """zoo.cfg text: standalone, no admin server, the given 4lw whitelist."""
    return (
        f"dataDir={workdir / 'zookeeper-data'}\nclientPort={port}\nclientPortAddress={address}\n"
        f"tickTime=2000\nadmin.enableServer=false\n4lw.commands.whitelist={whitelist}\n"
    )


def ask(address: str, port: int, command: str) -> str:
    """A four-letter word's whole answer (the server closes the connection after it)."""
    with socket.create_connection((address, port), timeout=2) as sock:
        sock.sendall(command.encode())
        return b"".join(iter(lambda: sock.recv(4096), b"")).decode()


def serves(address: str, port: int) -> bool:
    """Whether `srvr` is answered with the server's state (not 'not currently serving requests')."""
    try:
        return "Zookeeper version" in ask(address, port, "srvr")
    except OSError:
        return False


def wait_serving(address: str, port: int, timeout: float = 20.0) -> None:
    """Until ZooKeeper serves requests."""
    deadline = time.monotonic() + timeout
    while not serves(address, port):
        if time.monotonic() > deadline:
            raise TimeoutError(f"ZooKeeper on {address}:{port} is not serving after {timeout} s")
        time.sleep(0.1)


@contextmanager
def zookeeper(workdir: Path, address: str, port: int, *, whitelist: str) -> Iterator[None]:
    """ZooKeeper serving clients on address:port until the block ends."""
    path = workdir / "zoo.cfg"
    path.write_text(config(workdir, address, port, whitelist))
    argv = [program("java"), f"-Dzookeeper.log.dir={workdir}", "-cp", CLASSPATH, MAIN, str(path)]
    with serving(argv, port, host=address, timeout=30):
        wait_serving(address, port)
        yield
