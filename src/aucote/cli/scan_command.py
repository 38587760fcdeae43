"""`aucote scan`: discovery → ports → services → checks, once, into storage."""

import asyncio
import os
import time
from typing import Annotated, NamedTuple

import typer
from rich.console import Console

from aucote.catalog.catalog import Catalog
from aucote.catalog.errors import CatalogError
from aucote.catalog.loader import load_catalog
from aucote.checks.registry import build_checks
from aucote.cli.options import ConfigOption, DatabaseOption, fail, load_or_exit
from aucote.cli.scan_json import as_json
from aucote.cli.scan_progress import ScanProgress
from aucote.cli.scan_report import print_table
from aucote.config.settings import Settings
from aucote.engine.from_settings import scan_options
from aucote.engine.options import ScanOptions
from aucote.engine.pipeline import ScanPipeline
from aucote.engine.recorder import Recorder
from aucote.engine.result import ScanResult
from aucote.engine.targets import TargetError
from aucote.model.status import ScanStatus
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade
from aucote.storage.queries.cves import StoredCveLookup
from aucote.storage.repository.exploits import sync_exploits
from aucote.tools.child_watcher import watch_children_with_pidfd
from aucote.tools.runner import find_tool


def register(app: typer.Typer) -> None:
    """Add the `scan` command."""
    app.command("scan")(scan_command)


def scan_command(
    targets: Annotated[
        list[str] | None, typer.Argument(help="Addresses, networks, ranges or host names.")
    ] = None,
    config: ConfigOption = None,
    db: DatabaseOption = None,
    profile: Annotated[str, typer.Option(help="Checks to run: basic or advanced.")] = "basic",
    ports: Annotated[
        str | None, typer.Option(help="Ports in nmap syntax (default: portdetection.tcp.ports).")
    ] = None,
    udp: Annotated[bool, typer.Option("--udp", help="Also scan UDP ports (needs root).")] = False,
    intrusive: Annotated[
        bool | None,
        typer.Option(
            "--intrusive/--no-intrusive",
            help="Run intrusive checks (brute force, DoS-class scripts); default: service.scans.intrusive.",
            show_default=False,
        ),
    ] = None,
    default_credentials: Annotated[
        bool | None,
        typer.Option(
            "--default-credentials/--no-default-credentials",
            help="Run default-credential checks (one login with a vendor's default or empty password);"
            " default: service.scans.default_credentials.",
            show_default=False,
        ),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    show_info: Annotated[
        bool, typer.Option("--show-info", help="Also list informational outputs (risk None).")
    ] = False,
) -> None:
    """Scan TARGETS (or portdetection.tcp.networks) once and record everything."""
    loaded = load_or_exit(config, db)
    if profile not in ("basic", "advanced"):
        fail(f"--profile must be basic or advanced, not {profile!r}", code=2)
    switches = Switches(intrusive, default_credentials)
    options = _options(loaded.settings, targets or [], profile, ports, udp, switches)
    catalog = _catalog()
    result = _run(loaded.database_url, options, catalog, quiet=json_output)
    if json_output:
        typer.echo(as_json(result))
    else:
        print_table(Console(), result, show_info=show_info)
    if result.status is not ScanStatus.DONE:
        raise typer.Exit(1)


class Switches(NamedTuple):
    """The command line's --intrusive and --default-credentials (None: as configured)."""

    intrusive: bool | None
    default_credentials: bool | None


def _options(
    settings: Settings, targets: list[str], profile: str, ports: str | None, udp: bool, switches: Switches
) -> ScanOptions:
    try:
        options = scan_options(
            settings,
            targets=targets,
            profile=profile,
            ports=ports,
            udp=udp,
            intrusive=switches.intrusive,
            default_credentials=switches.default_credentials,
        )
    except (TargetError, ValueError) as error:
        fail(str(error), code=2)
    if not options.targets.include:
        fail("nothing to scan: give TARGETS or set portdetection.tcp.networks.include", code=2)
    if find_tool(options.nmap) is None:
        fail(f"nmap is not installed ({options.nmap!r} not found): run `make setup` or apt-get install nmap")
    if udp and os.geteuid() != 0:
        fail("UDP scanning needs root (raw sockets): run as root or drop --udp")
    return options


def _catalog() -> Catalog:
    try:
        return load_catalog()
    except CatalogError as error:
        fail(str(error))


def _run(url: str, options: ScanOptions, catalog: Catalog, *, quiet: bool) -> ScanResult:
    engine = open_engine(url)
    upgrade(engine)
    with engine.begin() as connection:
        sync_exploits(connection, catalog.exploits)
    pipeline_args = (
        options,
        Recorder(engine, time.time),
        catalog,
        build_checks(catalog, StoredCveLookup(engine)),
    )
    watch_children_with_pidfd()
    if quiet:
        return asyncio.run(ScanPipeline(*pipeline_args).run())
    with ScanProgress(Console(stderr=True)) as progress:
        return asyncio.run(ScanPipeline(*pipeline_args, observer=progress).run())
