"""What the kept client libraries cost the MongoDB and SNMP checks of `aucote-exposed`: import time
and memory of pymongo's `bson`, of pymongo's whole client and of pysnmp (each in a fresh
interpreter), and the time per port of each check against the test services (the fake mongod of
tests/checks/exposed/fake_mongodb.py, a real snmpd on loopback), beside pymongo's client doing the
same job (`MongoClient(directConnection=True).list_database_names()`).

    PYTHONPATH=src .venv/bin/python -m bench.client_libs_bench            # --runs 20
"""

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.checks.exposed.fake_mongodb import fake_mongodb
from tests.checks.exposed.services import snmpd
from tests.checks.exposed.support import loopback_port

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.mongodb import mongodb_without_auth
from aucote.checks.exposed.snmp import snmp_default_community
from aucote.model.protocol import Protocol

IMPORTS = {
    "(nothing)": "pass",
    "bson (pymongo's)": "import bson",
    "pymongo (client)": "import pymongo",
    "pysnmp v3arch.asyncio": "import pysnmp.hlapi.v3arch.asyncio",
    "pysnmp + first engine and request": (
        "import asyncio; from aucote.checks.exposed.snmp_message import engine, get\n"
        "async def one():\n    e = engine()\n"
        "    await get(e, ('127.0.0.1', 9), 1, 'public', '1.3.6.1.2.1.1.1.0', 0.05)\n"
        "    e.close_dispatcher()\nasyncio.run(one())"
    ),
}
MEASURE = (
    "import time\nstart = time.perf_counter()\n{code}\nseconds = time.perf_counter() - start\n"
    "status = dict(line.split(':', 1) for line in open('/proc/self/status'))\n"
    "print(seconds, status['VmHWM'].split()[0])"
)
"""Peak RSS from /proc (VmHWM): getrusage's ru_maxrss would keep the forking parent's peak."""


def import_cost(code: str, runs: int) -> tuple[float, float]:
    """Median seconds and peak RSS (MiB) of a fresh interpreter running `code`."""
    samples = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", MEASURE.format(code=code)], capture_output=True, text=True
        )
        seconds, rss = out.stdout.split()
        samples.append((float(seconds), int(rss) / 1024))
    return statistics.median(s for s, _ in samples), statistics.median(r for _, r in samples)


def timed(job: Callable[[], object], runs: int) -> tuple[float, object]:
    """Median seconds of `job`, and its last result."""
    samples, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = job()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def mongo_check(port: int) -> object:
    return asyncio.run(mongodb_without_auth(loopback_port(port), CheckContext(timeout=5)))


def mongo_client(port: int) -> object:
    from pymongo import MongoClient
    from pymongo.errors import PyMongoError

    client: MongoClient[dict[str, object]] = MongoClient(
        "127.0.0.1", port, directConnection=True, serverSelectionTimeoutMS=5000
    )
    try:
        return client.list_database_names()
    except PyMongoError as error:
        return type(error).__name__
    finally:
        client.close()


def snmp_check(port: int) -> object:
    return asyncio.run(snmp_default_community(loopback_port(port, Protocol.UDP), CheckContext(timeout=5)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    print("import (fresh interpreter)            median s   peak RSS MiB")
    for name, code in IMPORTS.items():
        seconds, rss = import_cost(code, max(3, runs // 4))
        print(f"  {name:36} {seconds:8.3f}   {rss:8.1f}")
    print("time per port                                  median s   result")
    for auth in (False, True):
        with fake_mongodb(auth=auth) as port:
            for name, job in (("check (own framing + bson)", mongo_check), ("pymongo client", mongo_client)):
                seconds, result = timed(lambda job=job: job(port), runs)
                print(f"  MongoDB auth={auth!s:5} {name:27} {seconds:8.4f}   {str(result)[:60]!r}")
    with tempfile.TemporaryDirectory() as directory:
        for community in ("public", "n0t-a-default"):
            with snmpd(Path(directory), community) as port:
                seconds, result = timed(lambda: snmp_check(port), max(3, runs // 4))
                print(f"  SNMP rocommunity={community:14} check {seconds:13.4f}   {str(result)[:60]!r}")


if __name__ == "__main__":
    main()
