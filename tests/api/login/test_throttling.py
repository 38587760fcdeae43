"""Failed logins through the page: slowed by a delay that grows (without holding up other requests),
a name (known or not) or an address locked out with the same answer for all, even for the right
password, until the lock-out has passed; Argon2 is paid whether the user exists or not."""

import statistics
import threading
import time

from sqlalchemy import Engine

from aucote.access.accounts import add_user
from aucote.access.audit import Actor
from aucote.access.lockout import LoginLimits
from aucote.model.access import Role, User
from tests.access.conftest import audit_rows
from tests.api.login.conftest import PASSWORD, START, AppMaker, Clock, browser, form_token, log_in

LOCKED = "Too many failed logins. Please wait a few minutes before you try again."


def test_a_name_is_locked_out_known_or_not(
    make_app: AppMaker, alice: User, clock: Clock, store: Engine
) -> None:
    limits = LoginLimits(user_failures=3, address_failures=100, window=900.0, lockout=600.0, delay=0.0)
    with browser(make_app(limits=limits)) as client:
        for name in ("alice", "mallory"):
            for _ in range(3):
                assert log_in(client, name, "not the password").status_code == 401
        clock.now = START + 10
        token = form_token(client.get("/login"))
        answers = [
            client.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": token})
            for name in ("alice", "mallory")
        ]
        assert [answer.status_code for answer in answers] == [429, 429]
        assert answers[0].content == answers[1].content
        assert answers[0].headers == answers[1].headers
        assert answers[0].headers["retry-after"] == "590"
        assert f'<p class="message" role="alert">{LOCKED}</p>' in answers[0].text
        assert "aucote_session" not in client.cookies
        assert [row[-1] for row in audit_rows(store)[-2:]] == ["locked_out", "locked_out"]
        clock.now = START + 600
        assert log_in(client, "alice").status_code == 303


def test_an_address_is_locked_out_whatever_the_names(make_app: AppMaker, alice: User) -> None:
    limits = LoginLimits(user_failures=100, address_failures=4, window=900.0, lockout=900.0, delay=0.0)
    app = make_app(limits=limits)
    with browser(app, address="192.0.2.66") as attacker, browser(app, address="192.0.2.10") as other:
        for index in range(4):
            assert log_in(attacker, f"user{index}", "not the password").status_code == 401
        assert log_in(attacker, "alice").status_code == 429
        assert log_in(other, "alice").status_code == 303


def test_each_failure_waits_longer(make_app: AppMaker, alice: User) -> None:
    limits = LoginLimits(user_failures=100, address_failures=100, delay=0.05, max_delay=0.2)
    with browser(make_app(limits=limits)) as client:
        token = form_token(client.get("/login"))
        took = []
        for _ in range(4):
            started = time.perf_counter()
            answer = client.post("/login", data={"name": "alice", "password": "wrong", "csrf_token": token})
            took.append(time.perf_counter() - started)
            assert answer.status_code == 401
        assert all(span >= floor for span, floor in zip(took, [0.05, 0.1, 0.2, 0.2], strict=True))


def test_a_delayed_failure_does_not_hold_up_other_requests(make_app: AppMaker, alice: User) -> None:
    limits = LoginLimits(user_failures=100, address_failures=100, delay=1.5, max_delay=1.5)
    with browser(make_app(limits=limits)) as client:
        token = form_token(client.get("/login"))
        data = {"name": "alice", "password": "wrong", "csrf_token": token}
        failing = threading.Thread(target=client.post, args=("/login",), kwargs={"data": data})
        failing.start()
        time.sleep(0.3)  # the failure is being delayed now
        started = time.perf_counter()
        assert client.get("/static/aucote.css").status_code == 200
        assert time.perf_counter() - started < 1.0
        assert failing.is_alive()
        failing.join()


def test_unknown_users_cost_the_same_argon2_time(make_app: AppMaker, store: Engine) -> None:
    """With the real Argon2id parameters (the app's default hasher): ratios of medians, not times."""
    with store.begin() as connection:
        add_user(
            connection, Actor(name="cli:root"), name="erin", role=Role.VIEWER, password=PASSWORD, now=1.0
        )
    limits = LoginLimits(user_failures=100, address_failures=100, delay=0.0)
    with browser(make_app(limits=limits, passwords=None)) as client:
        token = form_token(client.get("/login"))
        spans: dict[str, list[float]] = {"erin": [], "nobody": []}
        for _ in range(4):
            for name, times in spans.items():
                started = time.perf_counter()
                client.post("/login", data={"name": name, "password": "wrong!", "csrf_token": token})
                times.append(time.perf_counter() - started)
    ratio = statistics.median(spans["erin"]) / statistics.median(spans["nobody"])
    assert 0.6 < ratio < 1.6, spans


def test_the_lock_counts_from_the_audit_log(make_app: AppMaker, alice: User) -> None:
    """A restart (a new app over the same database) remembers the failures."""
    limits = LoginLimits(user_failures=2, address_failures=100, delay=0.0)
    with browser(make_app(limits=limits)) as client:
        for _ in range(2):
            log_in(client, "alice", "not the password")
    with browser(make_app(limits=limits)) as restarted:
        assert log_in(restarted, "alice").status_code == 429


def test_sessions_are_untouched_by_a_lock(make_app: AppMaker, alice: User, clock: Clock) -> None:
    limits = LoginLimits(user_failures=1, address_failures=100, delay=0.0)
    app = make_app(limits=limits)
    with browser(app) as mine, browser(app, address="192.0.2.99") as theirs:
        assert log_in(mine, "alice").status_code == 303
        clock.now += 1
        assert log_in(theirs, "alice", "not the password").status_code == 401
        assert log_in(theirs, "alice").status_code == 429
        assert mine.get("/").status_code == 200
