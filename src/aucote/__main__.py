"""`python -m aucote` runs the `aucote` command."""

from aucote.cli.main import run

run()
