"""`aucote token …`: users' API tokens (docs/access.md)."""

import time
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Column, Table

from aucote.access import api_tokens
from aucote.cli.access_support import changing, cli_actor, open_database, refuse, when
from aucote.cli.options import ConfigOption, DatabaseOption
from aucote.config.periods import parse_period
from aucote.model.access import TokenState
from aucote.storage.repository.tokens import TokenOwner

UserOption = Annotated[str, typer.Option("--user", help="The token's user.", show_default=False)]
LabelOption = Annotated[
    str, typer.Option("--name", help="The token's label (unique per user).", show_default=False)
]


def build() -> typer.Typer:
    """The `token` command group."""
    group = typer.Typer(help="API tokens of users (Authorization: Bearer).", no_args_is_help=True)
    group.command("create")(create_command)
    group.command("list")(list_command)
    group.command("revoke")(revoke_command)
    return group


def create_command(
    user: UserOption,
    name: LabelOption,
    expires: Annotated[
        str | None,
        typer.Option(help="Lifetime such as 90d, 12h or 1d12h (default: never expires).", show_default=False),
    ] = None,
    config: ConfigOption = None,
    db: DatabaseOption = None,
) -> None:
    """Create a token; it is printed once, on standard output, and only its hash is kept."""
    lifetime = None if expires is None else _lifetime(expires)
    now = time.time()
    with changing(open_database(config, db)) as connection:
        created = api_tokens.create_token(
            connection,
            cli_actor(),
            user_name=user,
            label=name,
            now=now,
            expires=None if lifetime is None else now + lifetime,
        )
    notes = Console(stderr=True, highlight=False, markup=False, soft_wrap=True)
    ending = "never expires" if lifetime is None else f"expires {when(created.token.expires)} UTC"
    notes.print(f"Token {name} of {user} ({ending}):")
    typer.echo(created.secret)
    notes.print("It is shown only this once: store it now. Aucote keeps only its hash.")


def list_command(
    user: Annotated[str | None, typer.Option("--user", help="Only this user's tokens.")] = None,
    config: ConfigOption = None,
    db: DatabaseOption = None,
) -> None:
    """List tokens with their times and state (never the tokens themselves)."""
    now = time.time()
    with changing(open_database(config, db)) as connection:
        tokens = api_tokens.list_tokens(connection, user)
    names = (Column("user", overflow="fold"), Column("name", overflow="fold"))
    times = ("state", "created", "expires", "last used")
    table = Table(*names, *times, title=f"{len(tokens)} tokens (times in UTC)")
    for entry in tokens:
        token = entry.token
        table.add_row(
            entry.user.name,
            token.name,
            _state(entry, now),
            when(token.created),
            when(token.expires, "never"),
            when(token.last_used, "never"),
        )
    Console().print(table)


def revoke_command(
    user: UserOption, name: LabelOption, config: ConfigOption = None, db: DatabaseOption = None
) -> None:
    """Revoke a token: it stops working at once."""
    with changing(open_database(config, db)) as connection:
        api_tokens.revoke_token(connection, cli_actor(), user_name=user, label=name, now=time.time())
    Console().print(f"Token {name} of {user} is revoked.", highlight=False, markup=False, soft_wrap=True)


def _lifetime(text: str) -> float:
    try:
        seconds = parse_period(text)
    except ValueError as error:
        refuse(f"--expires: {error}")
    if seconds <= 0:
        refuse(f"--expires: the lifetime must be longer than 0s, got {text!r}")
    return seconds


def _state(entry: TokenOwner, now: float) -> str:
    state = api_tokens.token_state(entry, now)
    return f"revoked {when(entry.token.revoked)}" if state is TokenState.REVOKED else state.value
