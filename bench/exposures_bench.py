"""Issue 11's figures: added time per port of the new exposure checks, and their recall.

A namespace lab of two hosts (AUCOTE_LAB_NAME picks the subnet; `xb` is this bench's): the first
runs every daemon of tests/support/daemons/ that exists (bench/exposures_daemons.py) in its
vulnerable configuration, the second the same daemons in their safe one, each on its usual port.
`aucote scan <both hosts> --profile advanced --json --ports <the daemons' ports>` (real nmap,
port 2024 excluded) runs twice: without the new checks (`tools_advanced.scripts` = the advanced
profile minus issue 11's entries, bench/exposures_catalog.py) and with them (the whole profile).

It prints the held-out entries, per port the delay from port found to checks done in both runs
and the added time (median, max), the ratio of whole-scan wall times, then recall: per daemon
whether each exploit it proves found the vulnerable host, and the safe host's findings and
security-scan outcomes of the new checks.

    AUCOTE_LAB_NAME=xb /work/main/.venv/bin/python -m bench.exposures_bench
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import exposures_catalog as catalogue
from bench.exposures_daemons import Daemon, built
from bench.exposures_figures import (
    CheckRow,
    PortChecks,
    PortKey,
    added_times,
    findings_of,
    median_checks,
    port_checks,
    spread,
    statuses,
    stored,
)
from tests.support.netns_lab import LabHost, netns_lab

from aucote.catalog.catalog import Catalog
from aucote.catalog.loader import load_catalog
from aucote.model.protocol import Protocol
from aucote.storage.database import open_engine

REPO = Path(__file__).resolve().parents[1]
CONFIG = """\
portdetection:
  tcp:
    scan_rate: 100000
    ports: {{include: ['1-65535'], exclude: ['2024']}}
  udp:
    scan_rate: 100000
    ports: {{include: ['1-65535'], exclude: ['2024']}}
    # tftpd-hpa does not answer nmap's UDP probe of 69: open|filtered, kept only with this switch.
    open_filtered: true
{tools}"""
HELD_OUT = "  tools_advanced:\n    scripts: [{ids}]\n"


@dataclass
class HostRun:
    """A lab host's daemon runner (bench/exposures_host.py) and what came up."""

    host: LabHost
    proc: "subprocess.Popen[str]"
    ready: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@dataclass
class ScanRun:
    """One `aucote scan`."""

    label: str
    wall: float
    exit_code: int
    report: dict[str, Any]
    found: dict[PortKey, float]
    rows: list[CheckRow]


def start_host(host: LabHost, config: str, daemons: Sequence[Daemon], log: Path) -> HostRun:
    """Run the daemons in `host`; return once each is up or has failed."""
    argv = host.argv(
        [sys.executable, "-m", "bench.exposures_host", config, host.ip, *(d.name for d in daemons)]
    )
    env = {**os.environ, "PYTHONPATH": f"{REPO}:{REPO / 'src'}"}
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=log.open("w"),
        text=True,
        env=env,
        cwd=REPO,
        start_new_session=True,
    )
    run = HostRun(host, proc)
    assert proc.stdout is not None
    for line in proc.stdout:
        word, _, rest = line.strip().partition(" ")
        if word == "up":
            break
        (run.ready if word == "ready" else run.failed).append(rest)
    return run


def stop_host(run: HostRun) -> None:
    """Close its stdin (the daemons stop), kill its group if it lingers."""
    with suppress(BrokenPipeError):
        assert run.proc.stdin is not None
        run.proc.stdin.close()
    try:
        run.proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(run.proc.pid, 9)
        run.proc.wait()


@contextmanager
def lab_hosts(daemons: Sequence[Daemon], workdir: Path) -> Iterator[tuple[HostRun, HostRun]]:
    """Two lab hosts, vulnerable then safe, running `daemons`."""
    with netns_lab(2) as lab:
        runs: list[HostRun] = []
        try:
            for host, config in zip(lab.hosts, ("vulnerable", "safe"), strict=True):
                runs.append(start_host(host, config, daemons, workdir / f"{config}.log"))
            yield runs[0], runs[1]
        finally:
            for run in runs:
                stop_host(run)


def port_spec(daemons: Sequence[Daemon]) -> str:
    """nmap's -p for the daemons' ports (T: and U: when some are UDP)."""
    tcp = sorted({port for d in daemons if not d.udp for port in d.ports})
    udp = sorted({port for d in daemons if d.udp for port in d.ports})
    if not udp:
        return ",".join(map(str, tcp))
    return ",".join([f"T:{tcp[0]}", *map(str, tcp[1:]), f"U:{udp[0]}", *map(str, udp[1:])])


def scan(workdir: Path, label: str, hosts: Sequence[str], daemons: Sequence[Daemon], tools: str) -> ScanRun:
    """`aucote scan` of `hosts` into a fresh database; `tools` is the config's tools_advanced part."""
    config = workdir / f"{label}.yaml"
    config.write_text(CONFIG.format(tools=tools))
    url = f"sqlite:///{workdir / f'{label}.sqlite3'}"
    argv = [sys.executable, "-m", "aucote", "scan", *hosts, "--profile", "advanced", "--json"]
    argv += ["--config", str(config), "--db", url, "--ports", port_spec(daemons)]
    argv += ["--udp"] if any(d.udp for d in daemons) else []
    print(f"{label}: {' '.join(argv[1:])}", flush=True)
    started = time.monotonic()
    done = subprocess.run(
        argv, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO / "src")}
    )
    wall = time.monotonic() - started
    (workdir / f"{label}.json").write_text(done.stdout)
    (workdir / f"{label}.stderr").write_text(done.stderr)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        print(f"{label}: no JSON (exit {done.returncode}): {done.stderr[-2000:]}")
        report = {}
    engine = open_engine(url)
    found, rows = stored(engine)
    engine.dispose()
    return ScanRun(label, wall, done.returncode, report, found, rows)


def expected_ids(catalog: Catalog, daemon: Daemon) -> list[tuple[str, int | None]]:
    """(app/name, id or None when the catalogue has no such entry yet) of what the daemon proves."""
    return [
        (f"{app}/{name}", entry.id if (entry := catalog.find(app, name)) else None)
        for app, name in daemon.proves
    ]


def print_catalogue(catalog: Catalog, held_out: list[int]) -> None:
    """The held-out entries."""
    print(f"\nnew checks held out of the 'without' run ({len(held_out)}):")
    for exploit_id in held_out:
        entry = catalog[exploit_id]
        print(f"  {exploit_id:>5} {entry.app}/{entry.name}")


def print_timing(
    daemons: Sequence[Daemon],
    without: list[ScanRun],
    with_new: list[ScanRun],
    vulnerable: str,
    held_out: list[int],
) -> None:
    """Per port (median over the rounds): delay found → checks done without and with the new
    checks, the added time."""
    before = median_checks([port_checks(run.found, run.rows, set()) for run in without])
    probes = set(held_out) & set(catalogue.OWN_IDS)
    after = median_checks([port_checks(run.found, run.rows, probes) for run in with_new])
    added = added_times(before, after)
    names = {
        (port, int(Protocol.UDP if d.udp else Protocol.TCP)): d.name for d in daemons for port in d.ports
    }
    print(
        "\n| host | port | daemon | checks without / with | found→done without s | with s | added s"
        " | own probes s |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for key in sorted(after, key=lambda k: (k[0] != vulnerable, k[1])):
        old: PortChecks | None = before.get(key)
        new = after[key]
        host = "vuln" if key[0] == vulnerable else "safe"
        print(
            f"| {host} | {key[1]}/{Protocol(key[2]).name.lower()} | {names.get((key[1], key[2]), '?')} | "
            f"{old.count if old else 0} / {new.count} | {_seconds(old.delay if old else None)} | "
            f"{new.delay:.2f} | {_seconds(added.get(key))} | {new.probe_time:.2f} |"
        )
    median, top = spread(added.values())
    print(
        f"\nadded time per port (with - without, {len(added)} ports): median {median:.2f} s, max {top:.2f} s"
    )
    old_wall, new_wall = (statistics.median(run.wall for run in runs) for runs in (without, with_new))
    print(f"whole scan wall (median of {len(without)}): without {old_wall:.1f} s, with {new_wall:.1f} s,")
    print(f"  ratio with / without {new_wall / old_wall:.2f}; every run: {_walls(without + with_new)}")
    print(f"exit codes: {', '.join(f'{run.label} {run.exit_code}' for run in without + with_new)}")


def _walls(runs: Sequence[ScanRun]) -> str:
    return ", ".join(f"{run.label} {run.wall:.1f} s" for run in runs)


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def recall_line(
    catalog: Catalog,
    daemons: Sequence[Daemon],
    run: ScanRun,
    hosts: tuple[HostRun, HostRun],
    held_out: list[int],
) -> str:
    """`recall: N/M exposures found, K findings on the safe host` of one run with the new checks."""
    findings = findings_of(run.report)
    expected = [exploit_id for daemon in daemons for _, exploit_id in expected_ids(catalog, daemon)]
    found = sum((hosts[0].host.ip, exploit_id) in findings for exploit_id in expected if exploit_id)
    on_safe = sorted(i for ip, i in findings if ip == hosts[1].host.ip and i in held_out)
    line = f"recall: {found}/{len(expected)} exposures found, {len(on_safe)} findings on the safe host"
    return f"{line} {on_safe}" if on_safe else line


def print_recall(
    catalog: Catalog,
    daemons: Sequence[Daemon],
    run: ScanRun,
    hosts: tuple[HostRun, HostRun],
    held_out: list[int],
) -> None:
    """Per daemon and exploit: found on the vulnerable host?; the safe host's findings and outcomes."""
    vulnerable, safe = hosts
    findings = findings_of(run.report)
    print(f"\n{run.label}:\n| daemon | exploit | vulnerable host | safe host |")
    print("|---|---|---|---|")
    for daemon in daemons:
        for label, exploit_id in expected_ids(catalog, daemon):
            hit = exploit_id is not None and (vulnerable.host.ip, exploit_id) in findings
            where = "found" if hit else ("no such catalogue entry yet" if exploit_id is None else "MISSED")
            if daemon.name not in vulnerable.ready:
                where += " (daemon did not start)"
            safe_hit = exploit_id is not None and (safe.host.ip, exploit_id) in findings
            safe_word = "FINDING" if safe_hit else "none"
            print(f"| {daemon.label} | {exploit_id or '—'} {label} | {where} | {safe_word} |")
    new = set(held_out)
    others = sorted(i for ip, i in findings if ip == safe.host.ip and i not in new)
    print(f"\nsafe host, new checks' security scans: {dict(statuses(run.rows, safe.host.ip, new))}")
    print(f"vulnerable host, new checks' security scans: {dict(statuses(run.rows, vulnerable.host.ip, new))}")
    print(f"safe host findings of other checks (not issue 11's): {others or 'none'}")
    print(recall_line(catalog, daemons, run, hosts, held_out))


@contextmanager
def workspace(keep: Path | None) -> Iterator[str]:
    """`keep` (created, left behind: configs, databases, host logs) or a temporary folder."""
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield str(keep)
        return
    with tempfile.TemporaryDirectory(prefix="aucote-xb-") as tmp:
        yield tmp


def arguments() -> argparse.Namespace:
    """--base and --git."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=catalogue.BASE, help="the last commit before issue 11")
    parser.add_argument("--git", type=Path, default=REPO, help="the git checkout holding --base")
    parser.add_argument("--rounds", type=int, default=1, choices=range(1, 11), help="scans without + with")
    parser.add_argument("--only", help="comma-separated daemon names (default: every daemon built)")
    parser.add_argument("--keep", type=Path, help="keep configs, databases and logs in this folder")
    return parser.parse_args()


def main() -> None:
    """Build the lab, scan it without and with the new checks, print the figures."""
    args = arguments()
    daemons, missing = built()
    if args.only:
        daemons = [daemon for daemon in daemons if daemon.name in args.only.split(",")]
    print("daemons in:", ", ".join(d.label for d in daemons))
    print("not built yet:", ", ".join(d.label for d in missing) or "none")
    catalog = load_catalog()
    try:
        before = catalogue.raw_entries(catalogue.base_texts(args.base, args.git))
    except RuntimeError as error:
        sys.exit(f"cannot read the catalogue before issue 11: {error}")
    held_out = catalogue.new_check_ids(catalog, catalogue.raw_entries(catalogue.working_texts()), before)
    print_catalogue(catalog, held_out)
    without_tools = HELD_OUT.format(ids=", ".join(map(str, catalogue.held_out_scripts(catalog, held_out))))
    with workspace(args.keep) as tmp, lab_hosts(daemons, Path(tmp)) as hosts:
        for run in hosts:
            print(f"{run.host.ip}: up {len(run.ready)}, failed {run.failed or 'none'}")
        ips = [run.host.ip for run in hosts]
        up = [d for d in daemons if d.name in hosts[0].ready or d.name in hosts[1].ready]
        without, with_new = [], []
        for round_ in range(1, args.rounds + 1):
            without.append(scan(Path(tmp), f"without-{round_}", ips, up, without_tools))
            with_new.append(scan(Path(tmp), f"with-{round_}", ips, up, ""))
    print_timing(up, without, with_new, hosts[0].host.ip, held_out)
    for run in with_new[:-1]:
        print(f"\n{run.label}: {recall_line(catalog, daemons, run, hosts, held_out)}")
    print_recall(catalog, daemons, with_new[-1], hosts, held_out)


if __name__ == "__main__":
    if shutil.which("nmap") is None or os.geteuid() != 0:
        sys.exit("needs root and nmap")
    main()
