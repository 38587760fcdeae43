"""`aucote export findings|hosts`: a filtered list as a file (CSV, JSON, SARIF, DefectDojo), with
the filters of the API's lists under the same names (`--node-ip` or `--node_ip` …), validated by
the API's own parameter models: a bad value stops the command with one line naming the option and
exit status 2. Written to stdout, or to `-o FILE`, as the rows are read."""

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, BinaryIO, TypeVar

import typer
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from aucote.api.filters import FindingExportParameters, HostExportParameters
from aucote.api.params import Parameters
from aucote.cli.options import ConfigOption, DatabaseOption, fail, load_or_exit
from aucote.export import exports
from aucote.storage.database import open_engine
from aucote.storage.migrate import upgrade


def _filter(name: str, text: str) -> object:
    flags = [f"--{name.replace('_', '-')}"] + ([f"--{name}"] if "_" in name else [])
    return typer.Option(*flags, help=text, show_default=False)


Text = str | None
FormatOption = Annotated[
    str,
    typer.Option(
        "--format", "-f", help="csv, json, sarif (SARIF 2.1.0) or defectdojo (Generic Findings Import)."
    ),
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.", show_default=False)
]
NodeIp = Annotated[Text, _filter("node_ip", "The node's IPv4 or IPv6 address.")]
NodeId = Annotated[Text, _filter("node_id", "The node's id.")]
Port = Annotated[Text, _filter("port", "Port number (0..65535).")]
ProtocolOption = Annotated[Text, _filter("protocol", "TCP, UDP or SCTP (any case).")]
ScanId = Annotated[Text, _filter("scan_id", "The scan's id.")]
Scanner = Annotated[Text, _filter("scanner", "The scan's scanner (tcp, udp, tools_basic …).")]
Since = Annotated[Text, _filter("since", "From this time on (epoch seconds, inclusive).")]
Until = Annotated[Text, _filter("until", "Before this time (epoch seconds, exclusive).")]
ExploitId = Annotated[Text, _filter("exploit_id", "The exploit's id.")]
ExploitApp = Annotated[Text, _filter("exploit_app", "The exploit's app (nmap, aucote-tls …).")]
ExploitName = Annotated[Text, _filter("exploit_name", "The exploit's name.")]
RiskLevelOption = Annotated[Text, _filter("risk_level", "Exactly this risk: None, Low, Medium or High.")]
Cve = Annotated[Text, _filter("cve", "A part of the finding's CVE list.")]
Expired = Annotated[Text, _filter("expired", "true: expired findings only; false: current ones only.")]
MinRisk = Annotated[
    Text, _filter("min_risk", "This risk or above (default Low: informational output only with None).")
]


def register(app: typer.Typer) -> None:
    """Add the `export` command group."""
    group = typer.Typer(help="Export findings or hosts as a file.", no_args_is_help=True)
    group.command("findings")(findings_command)
    group.command("hosts")(hosts_command)
    app.add_typer(group, name="export")


def findings_command(
    format: FormatOption = "csv",
    output: OutputOption = None,
    config: ConfigOption = None,
    db: DatabaseOption = None,
    node_ip: NodeIp = None,
    node_id: NodeId = None,
    port: Port = None,
    protocol: ProtocolOption = None,
    exploit_id: ExploitId = None,
    exploit_app: ExploitApp = None,
    exploit_name: ExploitName = None,
    scan_id: ScanId = None,
    scanner: Scanner = None,
    since: Since = None,
    until: Until = None,
    risk_level: RiskLevelOption = None,
    cve: Cve = None,
    expired: Expired = None,
    min_risk: MinRisk = None,
) -> None:
    """Findings as the API's /vulnerabilities lists them for the same filters, informational
    output left out unless --min-risk None or a --risk-level asks for it."""
    values = {key: value for key, value in locals().items() if key not in ("output", "config", "db")}
    parameters = _validated(FindingExportParameters, values)
    engine = open_engine(load_or_exit(config, db).database_url)
    upgrade(engine)
    _write(exports.findings(engine, parameters.where(), parameters.export_format()), output)


def hosts_command(
    format: FormatOption = "csv",
    output: OutputOption = None,
    config: ConfigOption = None,
    db: DatabaseOption = None,
    scan_id: ScanId = None,
    node_id: NodeId = None,
    node_ip: NodeIp = None,
    port: Port = None,
    protocol: ProtocolOption = None,
    scanner: Scanner = None,
    since: Since = None,
    until: Until = None,
) -> None:
    """Every open port of the port scans the API's /ports lists for the same filters, once, with
    the newest service detected on it and when it was first and last seen open."""
    values = {key: value for key, value in locals().items() if key not in ("output", "config", "db")}
    parameters = _validated(HostExportParameters, values)
    engine = open_engine(load_or_exit(config, db).database_url)
    upgrade(engine)
    _write(exports.hosts(engine, parameters.where(), parameters.export_format()), output)


ParametersT = TypeVar("ParametersT", bound=Parameters)


def _validated(model: type[ParametersT], values: dict[str, str | None]) -> ParametersT:
    """The options read by the API's parameter model; a bad value stops the command naming it."""
    try:
        return model.model_validate({key: value for key, value in values.items() if value is not None})
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else "options"
        fail(f"--{name.replace('_', '-')}: {first['msg']}", code=2)


def _write(chunks: Iterator[str], output: Path | None) -> None:
    """Write the export to `output` (stdout when None) as the chunks come."""
    try:
        if output is None:
            _copy(chunks, sys.stdout.buffer)
            return
        with output.open("wb") as sink:
            _copy(chunks, sink)
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError as error:
        fail(f"{output}: cannot write ({error.strerror})", code=2)
    except SQLAlchemyError as error:
        fail(f"cannot read the database: {str(error).splitlines()[0]}")


def _copy(chunks: Iterator[str], sink: BinaryIO) -> None:
    for chunk in chunks:
        sink.write(chunk.encode())
    sink.flush()
