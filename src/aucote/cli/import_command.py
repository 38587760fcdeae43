"""`aucote import`: store an existing nmap XML report."""

import hashlib
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from aucote.catalog.errors import CatalogError
from aucote.catalog.loader import load_catalog
from aucote.cli.options import ConfigOption, DatabaseOption, fail, load_or_exit
from aucote.engine.import_window import ImportRefused
from aucote.engine.importer import ReportFile, import_report
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from aucote.tools.errors import ParseError
from aucote.tools.nmap.xml import parse_nmap_xml


def register(app: typer.Typer) -> None:
    """Add the `import` command."""
    app.command("import")(import_command)


def import_command(
    file: Annotated[Path, typer.Argument(help="An nmap XML report (nmap -oX).")],
    config: ConfigOption = None,
    db: DatabaseOption = None,
    scanner: Annotated[str, typer.Option(help="Scanner name for the script results.")] = "tools_basic",
) -> None:
    """Store FILE's hosts, open ports, services and script results as scans (once per file)."""
    loaded = load_or_exit(config, db)
    try:
        data = file.read_bytes()
        run = parse_nmap_xml(data)
        catalog = load_catalog()
    except OSError as error:
        fail(f"{file}: cannot read ({error.strerror})", code=2)
    except ParseError as error:
        fail(f"{file}: not a readable nmap XML report ({error})", code=2)
    except CatalogError as error:
        fail(str(error))
    engine = open_engine(loaded.database_url)
    upgrade(engine)
    report = ReportFile(name=str(file), sha256=hashlib.sha256(data).hexdigest())
    try:
        summary = import_report(engine, run, catalog, scanner, file=report, now=time.time())
    except ImportRefused as error:
        fail(f"{file}: not imported ({error})", code=2)
    scans = ", ".join(f"{name} #{scan_id}" for name, scan_id in summary.scan_ids.items()) or "none"
    if summary.already:
        Console().print(f"{file}: already imported as scans {scans}; nothing stored")
        return
    Console().print(
        f"Imported {file}: {summary.hosts} hosts, {summary.open_ports} open ports, "
        f"{summary.security_scans} security scans, {summary.findings} findings; scans {scans}"
    )
