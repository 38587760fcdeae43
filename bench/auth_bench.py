"""What authentication adds to an API request (issue 12), over real HTTP, and what one password
verification costs.

A SQLite file in a temporary folder is migrated and given the seed example (tests/support/seed_data)
and a user `bench` (admin) with one API token. `aucote serve` runs on 127.0.0.1 (a port in
18400-18499) with `service.api.public_read: true` and a `service.api.password` (PBKDF2, 600,000
iterations), so that the same server answers the same request three ways: without a credential
(open), with the user's token (`Authorization: Bearer aucote_…`: SHA-256, one indexed read on the
event loop, last_used written at most once a minute in a worker thread) and with the configured
password (the slow hash once, then remembered). One keep-alive httpx client sends
`GET /api/v1/sec_scans?limit=10` in rounds of the three (each round starting with the next kind, so
neither a disturbance of the machine nor the order favours one): `--warmup` rounds, then `--rounds`
timed ones. Printed: p50 and p99 of each, and the token's added latency (token minus open) at p50
and p99 against the goal (≤ 1 ms at p99).

Then, in this process, `--verifications` Argon2id verifications of a password with the parameters
of `aucote.access.passwords` (RFC 9106 low-memory: t=3, m=64 MiB, p=4): median and p99 (see
bench/login_bench.py for whole logins).

    PYTHONPATH=src .venv/bin/python -m bench.auth_bench                # --rounds 3000
    PYTHONPATH=src .venv/bin/python -m bench.auth_bench --quick        # a smoke run
"""

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import yaml
from sqlalchemy import Engine
from tests.support.seed_data import seed

from aucote.access.accounts import add_user
from aucote.access.api_tokens import create_token
from aucote.access.audit import Actor
from aucote.access.passwords import PARAMETERS, Passwords
from aucote.api.auth import hash_token
from aucote.model.access import Role
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade

PORTS = range(18400, 18500)
PASSWORD = "correct horse battery staple"
LEGACY = "the-original-shared-token"
REQUEST = "/api/v1/sec_scans?limit=10"
GOAL_P99_MS = 1.0


def free_port() -> int:
    """A port of PORTS nothing listens on."""
    import socket

    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 18400-18499")


def prepare(folder: Path) -> tuple[str, str]:
    """The database URL and the bench user's token."""
    url = f"sqlite:///{folder / 'aucote.sqlite3'}"
    engine: Engine = open_engine(url)
    upgrade(engine)
    seed(engine)
    actor, now = Actor(name="bench"), time.time()
    with engine.begin() as connection:
        add_user(connection, actor, name="bench", role=Role.ADMIN, password=PASSWORD, now=now)
        secret = create_token(
            connection, actor, user_name="bench", label="bench", now=now, expires=None
        ).secret
    engine.dispose()
    return url, secret


@contextmanager
def aucote_serve(url: str, folder: Path) -> Iterator[str]:
    """`aucote serve` with public_read and the password configured; its base URL."""
    config = folder / "aucote.yaml"
    api = {"public_read": True, "password": hash_token(LEGACY)}
    config.write_text(yaml.safe_dump({"service": {"api": api}}))
    port = free_port()
    argv = [
        sys.executable,
        "-m",
        "aucote",
        "serve",
        "--config",
        str(config),
        "--db",
        url,
        "--port",
        str(port),
    ]
    log = folder / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(argv, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_ready(base, process, log)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def _wait_ready(base: str, process: "subprocess.Popen[bytes]", log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"aucote serve exited {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(base + REQUEST, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise TimeoutError(f"aucote serve did not answer:\n{log.read_text()}")


def timed_get(client: httpx.Client, headers: dict[str, str]) -> float:
    """Milliseconds of one GET, which must answer 200."""
    began = time.perf_counter()
    response = client.get(REQUEST, headers=headers)
    elapsed = (time.perf_counter() - began) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"GET {REQUEST} answered {response.status_code}: {response.text[:200]}")
    return elapsed


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p99."""
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[98]


def measure(base: str, secret: str, rounds: int, warmup: int) -> dict[str, list[float]]:
    """Milliseconds of each kind of request, in interleaved rounds."""
    kinds: dict[str, dict[str, str]] = {
        "open (no credential)": {},
        "user token": {"Authorization": f"Bearer {secret}"},
        "service.api.password": {"Authorization": f"Bearer {LEGACY}"},
    }
    samples: dict[str, list[float]] = {name: [] for name in kinds}
    names = list(kinds)
    with httpx.Client(base_url=base, timeout=10) as client:
        for index in range(warmup + rounds):
            for name in names[index % 3 :] + names[: index % 3]:
                elapsed = timed_get(client, kinds[name])
                if index >= warmup:
                    samples[name].append(elapsed)
    return samples


def verifications(count: int) -> list[float]:
    """Milliseconds of `count` Argon2id verifications of a right password."""
    hasher = Passwords()
    stored = hasher.hash(PASSWORD)
    times = []
    for _ in range(count):
        began = time.perf_counter()
        assert hasher.verify(stored, PASSWORD)
        times.append((time.perf_counter() - began) * 1000)
    return times


def report(samples: dict[str, list[float]], argon: list[float], rounds: int) -> bool:
    """Print the tables; whether the goal holds."""
    print(f"\n`GET {REQUEST}` over HTTP, {rounds} timed rounds\n")
    print("| request | p50 ms | p99 ms |\n|---|---|---|")
    cuts = {name: percentiles(values) for name, values in samples.items()}
    for name, (p50, p99) in cuts.items():
        print(f"| {name} | {p50:.2f} | {p99:.2f} |")
    open_, token = cuts["open (no credential)"], cuts["user token"]
    added50, added99 = token[0] - open_[0], token[1] - open_[1]
    passed = added99 <= GOAL_P99_MS
    print(f"\nToken authentication adds {added50:.2f} ms at p50 and {added99:.2f} ms at p99 "
          f"(goal ≤ {GOAL_P99_MS:.0f} ms at p99): {'PASS' if passed else 'FAIL'}")  # fmt: skip
    costs = f"t={PARAMETERS.time_cost}, m={PARAMETERS.memory_cost // 1024} MiB, p={PARAMETERS.parallelism}"
    median, p99 = statistics.median(argon), sorted(argon)[min(len(argon) - 1, round(0.99 * (len(argon) - 1)))]
    print(f"\nOne Argon2id password verification ({costs}), {len(argon)} runs: "
          f"median {median:.0f} ms, p99 {p99:.0f} ms")  # fmt: skip
    return passed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3000)
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--verifications", type=int, default=30)
    parser.add_argument("--quick", action="store_true", help="200 rounds, 50 warm-up, 5 verifications")
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.warmup, args.verifications = 200, 50, 5
    print(f"load average (1 min) at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="aucote-auth-bench-") as name:
        folder = Path(name)
        url, secret = prepare(folder)
        with aucote_serve(url, folder) as base:
            samples = measure(base, secret, args.rounds, args.warmup)
    argon = verifications(args.verifications)
    passed = report(samples, argon, args.rounds)
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.2f}")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
