"""hydra's output, recorded from real runs against FTP and Redis on loopback."""

from pathlib import Path

from aucote.tools.hydra.parse import Credential, error_lines, parse_found

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "hydra"


def raw(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_weak_ftp_account_found() -> None:
    [found] = parse_found(raw("ftp_weak.stdout"))
    assert (found.module, found.host, found.login, found.password) == ("ftp", "127.0.0.1", "user", "password")
    assert f"[{found.port}][ftp]" in raw("ftp_weak.stdout").decode()


def test_strong_ftp_account_not_found() -> None:
    assert parse_found(raw("ftp_strong.stdout")) == ()
    assert error_lines(raw("ftp_strong.stderr") + raw("ftp_strong.stdout")) == ()


def test_password_only_module_has_no_login() -> None:
    [found] = parse_found(raw("redis_password.stdout"))
    assert (found.module, found.login, found.password) == ("redis", None, "changeme")


def test_refused_connection_error() -> None:
    assert parse_found(raw("refused.stdout")) == ()
    assert error_lines(raw("refused.stderr")) == (
        "[ERROR] all children were disabled due too many connection errors",
    )


def test_odd_passwords_colours_and_repeats() -> None:
    output = (
        b"[21][ftp] host: ::1   login: a b   password: \n"
        b"\x1b[1;32m[21][ftp] host: ::1   login: x   password: p w: d\x1b[0m\n"
        b"[21][ftp] host: ::1   login: a b   password: \n"
        b"[DATA] attacking ftp://[::1]:21/\n"
    )
    assert parse_found(output) == (
        Credential(21, "ftp", "::1", "a b", ""),
        Credential(21, "ftp", "::1", "x", "p w: d"),
    )
