"""`aucote user …`: accounts of the API and the dashboard (docs/access.md)."""

import time
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from aucote.access import accounts
from aucote.cli.access_support import changing, cli_actor, open_database, parse_role, read_password, when
from aucote.cli.options import ConfigOption, DatabaseOption
from aucote.model.access import Role

NameArgument = Annotated[str, typer.Argument(help="The user's name.", show_default=False)]
PasswordStdinOption = Annotated[
    bool,
    typer.Option(
        "--password-stdin", help="Read the password from one line of standard input instead of asking."
    ),
]


def build() -> typer.Typer:
    """The `user` command group."""
    group = typer.Typer(help="Users of the API and dashboard, with their roles.", no_args_is_help=True)
    group.command("add")(add_command)
    group.command("list")(list_command)
    group.command("disable")(disable_command)
    group.command("enable")(enable_command)
    group.command("passwd")(passwd_command)
    group.command("role")(role_command)
    return group


def add_command(
    name: NameArgument,
    role: Annotated[str, typer.Option(help="viewer, operator or admin.")] = Role.VIEWER.value,
    password_stdin: PasswordStdinOption = False,
    config: ConfigOption = None,
    db: DatabaseOption = None,
) -> None:
    """Add a user NAME with a role (default viewer); the password is asked for twice."""
    chosen = parse_role(role)
    engine = open_database(config, db)
    with changing(engine) as connection:
        accounts.check_new_name(connection, name)  # refused before the password is asked for
    password = read_password(password_stdin)
    with changing(engine) as connection:
        user = accounts.add_user(
            connection, cli_actor(), name=name, role=chosen, password=password, now=time.time()
        )
    _say(f"Added {user.role.value} {user.name}.")


def list_command(config: ConfigOption = None, db: DatabaseOption = None) -> None:
    """List the users, their roles and whether they are enabled (never their passwords)."""
    with open_database(config, db).connect() as connection:
        users = accounts.list_users(connection)
    table = Table("name", "role", "state", "created", title=f"{len(users)} users")
    for user in users:
        table.add_row(
            user.name, user.role.value, "disabled" if user.disabled else "enabled", when(user.created)
        )
    Console().print(table)


def disable_command(name: NameArgument, config: ConfigOption = None, db: DatabaseOption = None) -> None:
    """Disable a user: no login, none of their tokens works, their sessions end."""
    with changing(open_database(config, db)) as connection:
        user = accounts.disable_user(connection, cli_actor(), name=name, now=time.time())
    _say(f"{user.name} is disabled.")


def enable_command(name: NameArgument, config: ConfigOption = None, db: DatabaseOption = None) -> None:
    """Enable a disabled user again."""
    with changing(open_database(config, db)) as connection:
        user = accounts.enable_user(connection, cli_actor(), name=name, now=time.time())
    _say(f"{user.name} is enabled.")


def passwd_command(
    name: NameArgument,
    password_stdin: PasswordStdinOption = False,
    config: ConfigOption = None,
    db: DatabaseOption = None,
) -> None:
    """Set a user's password (asked for twice); their browser sessions end."""
    engine = open_database(config, db)
    with changing(engine) as connection:
        accounts.find_user(connection, name)  # an unknown user is refused before the prompt
    password = read_password(password_stdin)
    with changing(engine) as connection:
        user = accounts.set_password(connection, cli_actor(), name=name, password=password, now=time.time())
    _say(f"New password set for {user.name}.")


def role_command(
    name: NameArgument,
    role: Annotated[str, typer.Argument(help="viewer, operator or admin.", show_default=False)],
    config: ConfigOption = None,
    db: DatabaseOption = None,
) -> None:
    """Give a user another role (it applies to their next request)."""
    chosen = parse_role(role)
    with changing(open_database(config, db)) as connection:
        user = accounts.set_role(connection, cli_actor(), name=name, role=chosen, now=time.time())
    _say(f"{user.name} is {user.role.value}.")


def _say(message: str) -> None:
    Console().print(message, highlight=False, markup=False, soft_wrap=True)
