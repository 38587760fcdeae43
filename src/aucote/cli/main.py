"""The `aucote` command: one Typer app, one module per command group."""

import sys

import typer

from aucote.allocator_relaunch import relaunch_with_allocator
from aucote.cli import (
    config_commands,
    cve_commands,
    db_commands,
    exploit_commands,
    export_command,
    import_command,
    notify_commands,
    scan_command,
    serve_command,
    service_command,
    token_commands,
    user_commands,
    worker_command,
)


def build_app() -> typer.Typer:
    """Assemble the command tree (nothing is built at import time)."""
    app = typer.Typer(
        name="aucote",
        help="Aucote: continuous network security scanning.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    app.add_typer(db_commands.build(), name="db")
    app.add_typer(config_commands.build(), name="config")
    app.add_typer(exploit_commands.build(), name="exploits")
    app.add_typer(cve_commands.build(), name="cve")
    app.add_typer(user_commands.build(), name="user")
    app.add_typer(token_commands.build(), name="token")
    app.add_typer(notify_commands.build(), name="notify")
    scan_command.register(app)
    import_command.register(app)
    export_command.register(app)
    serve_command.register(app)
    service_command.register(app)
    worker_command.register(app)
    return app


def run() -> None:
    """Console-script entry point (`aucote service` first starts itself again with glibc's mmap
    threshold fixed: aucote.allocator_relaunch)."""
    if sys.argv[1:2] == ["service"]:
        relaunch_with_allocator()
    build_app()()
