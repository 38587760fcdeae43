"""What a password login and a token check cost in aucote.access (issue 12): one login with the
documented Argon2id parameters (RFC 9106 low-memory: t=3, m=64 MiB, p=4) for a known user with the
right password, with a wrong one, and for an unknown user (which must take as long), and one
`principal_for_token` (SHA-256 and an indexed lookup, last_used written at most once a minute), on
a SQLite file. In-process: the HTTP figures of token authentication are the API's bench.

    PYTHONPATH=src .venv/bin/python -m bench.login_bench            # --runs 30
"""

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from aucote.access.accounts import add_user, authenticate_password
from aucote.access.api_tokens import create_token, principal_for_token
from aucote.access.audit import Actor
from aucote.access.passwords import PARAMETERS
from aucote.model.access import Role
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade

PASSWORD = "correct horse battery staple"
SAME_TIME = 0.15
"""Goal: an unknown user's login within 15 % of a known user's wrong-password login (medians)."""
TOKEN_P99_MS = 1.0
TOKEN = "token check (principal_for_token)"
CONTROL = "control: a pure-Python loop of about the same time"
"""Taking turns with the token check: what the machine's own scheduling adds to a p99 (on a loaded
2-core box a process loses the CPU for a few ms now and then, whatever it runs)."""


def _busy_loop() -> int:
    total = 0
    for number in range(3000):  # about 0.2 ms, like the token check
        total += number
    return total


def timed(cases: dict[str, Callable[[], object]], runs: int) -> dict[str, list[float]]:
    """Milliseconds of each of `runs` calls of every case, the cases taking turns (so a change in
    the machine's load falls on all of them alike)."""
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, call in cases.items():
            start = time.perf_counter()
            call()
            samples[name].append((time.perf_counter() - start) * 1000)
    return samples


def p99(samples: list[float]) -> float:
    return sorted(samples)[min(len(samples) - 1, round(0.99 * (len(samples) - 1)))]


def seed(engine: Engine) -> str:
    with engine.begin() as connection:
        actor = Actor(name="bench")
        add_user(connection, actor, name="alice", role=Role.ADMIN, password=PASSWORD, now=time.time())
        return create_token(
            connection, actor, user_name="alice", label="bench", now=time.time(), expires=None
        ).secret


def login(engine: Engine, name: str, password: str) -> Callable[[], object]:
    def call() -> object:
        with engine.begin() as connection:
            return authenticate_password(connection, name, password, time.time())

    return call


def token_check(engine: Engine, token: str) -> Callable[[], object]:
    def call() -> object:
        with engine.begin() as connection:
            return principal_for_token(connection, token, time.time())

    return call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30, help="logins per case")
    parser.add_argument("--token-runs", type=int, default=2000, help="token checks")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = open_engine(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        upgrade(engine)
        token = seed(engine)
        logins = {
            "login, right password": login(engine, "alice", PASSWORD),
            "login, wrong password": login(engine, "alice", PASSWORD + "!"),
            "login, unknown user": login(engine, "nobody", PASSWORD),
        }
        figures = timed(logins, arguments.runs)
        others = {TOKEN: token_check(engine, token), CONTROL: _busy_loop}
        figures |= timed(others, arguments.token_runs)
        engine.dispose()
    print(f"Argon2id parameters: {PARAMETERS}\n")
    print("| operation | runs | p50 ms | p99 ms |\n|---|---|---|---|")
    for name, samples in figures.items():
        print(f"| {name} | {len(samples)} | {statistics.median(samples):.2f} | {p99(samples):.2f} |")
    wrong = statistics.median(figures["login, wrong password"])
    unknown = statistics.median(figures["login, unknown user"])
    same = abs(unknown - wrong) <= SAME_TIME * wrong
    token_p99 = p99(figures["token check (principal_for_token)"])
    print(
        f"\nunknown user vs wrong password: {unknown / wrong:.3f} ({'PASS' if same else 'FAIL'}: within 15 %)"
    )
    print(f"token check p99 {token_p99:.3f} ms ({'PASS' if token_p99 <= TOKEN_P99_MS else 'FAIL'}: <= 1 ms)")


if __name__ == "__main__":
    main()
