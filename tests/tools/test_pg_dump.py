"""pg_dump / pg_restore command lines: the password goes in PGPASSWORD, never on the command line."""

from pathlib import Path

from aucote.tools.pg_dump import dump_invocation, restore_invocation


def test_dump_keeps_the_password_off_the_command_line() -> None:
    call = dump_invocation("postgresql+psycopg://scan:s3cr%40t@db.example:5433/aucote", Path("/b/a.dump"))
    assert call.argv == (
        "pg_dump",
        "--format=custom",
        "--no-owner",
        "--file",
        "/b/a.dump",
        "--dbname",
        "postgresql://scan@db.example:5433/aucote",
    )
    assert call.env == {"PGPASSWORD": "s3cr@t"}


def test_restore_is_one_transaction_that_replaces_the_objects() -> None:
    call = restore_invocation("postgresql://postgres@127.0.0.1/aucote?sslmode=require", Path("a.dump"))
    assert call.argv == (
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
        "--dbname",
        "postgresql://postgres@127.0.0.1/aucote?sslmode=require",
        "a.dump",
    )
    assert call.env == {}
