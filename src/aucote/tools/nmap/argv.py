"""Pure builders of nmap command lines: host discovery, port scan, service detection, NSE scripts.

Every command has `-n` (no DNS: no traffic leaves for a resolver), `-oX -` (XML on stdout, read
by `aucote.tools.nmap.xml`) and `--noninteractive`; `-6` is added when the targets are IPv6
(inferred from the typed targets, so it cannot disagree with them). Targets are IP addresses or
networks, never host names, and come after `--`.
"""

import re
from collections.abc import Collection, Mapping, Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

from aucote.model.protocol import Protocol

Target = IPv4Address | IPv6Address | IPv4Network | IPv6Network

DEFAULT_TIMING = 4
_PORT_SPEC = re.compile(r"(?:[TUS]:)?(?:\d+(?:-\d*)?|-\d*)(?:,(?:[TUS]:)?(?:\d+(?:-\d*)?|-\d*))*")
_SCRIPT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")
_SCRIPT_ARG_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")


def discovery_argv(
    targets: Sequence[Target],
    *,
    privileged: bool,
    report_down: bool = False,
    exclude: Sequence[Target] = (),
    host_timeout: float | None = None,
    max_retries: int | None = None,
    timing: int = DEFAULT_TIMING,
    nmap: str = "nmap",
) -> list[str]:
    """Ping scan (`-sn`): which of `targets` are up; down hosts are listed only with `report_down` (-v)."""
    argv = [*_head(nmap, timing), "-sn", *(["-v"] if report_down else []), *_privilege(privileged)]
    return argv + _limits(None, host_timeout, max_retries) + _tail(targets, exclude)


def port_scan_argv(
    targets: Sequence[Target],
    ports: str,
    *,
    protocol: Protocol = Protocol.TCP,
    privileged: bool,
    skip_discovery: bool = False,
    max_rate: int | None = None,
    host_timeout: float | None = None,
    max_retries: int | None = None,
    exclude_ports: str | None = None,
    exclude: Sequence[Target] = (),
    defeat_icmp_ratelimit: bool = False,
    timing: int = DEFAULT_TIMING,
    nmap: str = "nmap",
) -> list[str]:
    """Port discovery (`--open`: only open and possibly-open ports are listed).

    TCP uses a SYN scan (`-sS`) when `privileged`, else connect (`-sT`); UDP (`-sU`) needs
    `privileged`. `ports` and `exclude_ports` are nmap port specs ("1-1024,8080", "-" for all).
    `defeat_icmp_ratelimit` (UDP only: nmap refuses it otherwise) does not wait out hosts'
    ICMP rate limits: faster, and a silent port is closed|filtered instead of open|filtered.
    """
    argv = [*_head(nmap, timing), _scan_type(protocol, privileged), "--open", "-p", _port_spec(ports)]
    if exclude_ports:
        argv += ["--exclude-ports", _port_spec(exclude_ports)]
    if skip_discovery:
        argv.append("-Pn")
    argv += _icmp_ratelimit(protocol, defeat_icmp_ratelimit)
    argv += _privilege(privileged) + _limits(max_rate, host_timeout, max_retries)
    return argv + _tail(targets, exclude)


def service_argv(
    ip: IPv4Address | IPv6Address,
    ports: Collection[int],
    *,
    protocol: Protocol = Protocol.TCP,
    privileged: bool,
    version_intensity: int | None = None,
    banner: bool = False,
    host_timeout: float | None = None,
    timing: int = DEFAULT_TIMING,
    nmap: str = "nmap",
) -> list[str]:
    """Service detection (`-sV`) of all the given open ports of one host in one run.

    `version_intensity` 0-9 (nmap's default is 7; 2 is `--version-light`); `banner` adds the
    forced `banner` script, whose output fills `Service.banner`.
    """
    argv = [*_head(nmap, timing), "-Pn", _scan_type(protocol, privileged), "-sV"]
    if version_intensity is not None:
        argv += ["--version-intensity", str(_in_range(version_intensity, 0, 9, "version intensity"))]
    argv += ["-p", _port_list(ports)]
    if banner:
        argv += ["--script", "+banner"]
    return argv + _privilege(privileged) + _limits(None, host_timeout, None) + _tail([ip], ())


def scripts_argv(
    ip: IPv4Address | IPv6Address,
    port: int,
    scripts: Sequence[str],
    *,
    protocol: Protocol = Protocol.TCP,
    privileged: bool,
    script_args: Mapping[str, str] | None = None,
    force: Collection[str] = (),
    script_timeout: float | None = None,
    version_detection: bool = False,
    host_timeout: float | None = None,
    timing: int = DEFAULT_TIMING,
    nmap: str = "nmap",
) -> list[str]:
    """All `scripts` against one port in one run, `-Pn`, no `-sV` unless `version_detection`.

    NSE portrules skip non-standard ports unless -sV ran: scripts named in `force` get a `+`
    prefix, which makes nmap run them whatever their portrule says.
    """
    argv = [*_head(nmap, timing), "-Pn", _scan_type(protocol, privileged)]
    if version_detection:
        argv.append("-sV")
    argv += ["-p", _port_list([port]), "--script", _script_list(scripts, force)]
    if script_args:
        argv += ["--script-args", _script_args(script_args)]
    if script_timeout is not None:
        argv += ["--script-timeout", _duration(script_timeout)]
    return argv + _privilege(privileged) + _limits(None, host_timeout, None) + _tail([ip], ())


def _head(nmap: str, timing: int) -> list[str]:
    """The options every command starts with."""
    return [nmap, "-n", "-oX", "-", "--noninteractive", f"-T{_in_range(timing, 0, 5, 'timing')}"]


def _tail(targets: Sequence[Target], exclude: Sequence[Target]) -> list[str]:
    """`-6` if needed, `--exclude`, then the targets after `--`."""
    if not targets:
        raise ValueError("no targets")
    versions = {t.version for t in [*targets, *exclude]}
    if len(versions) > 1:
        raise ValueError("IPv4 and IPv6 targets cannot be scanned by one nmap run")
    argv = ["-6"] if versions == {6} else []
    if exclude:
        argv += ["--exclude", ",".join(str(t) for t in exclude)]
    return [*argv, "--", *(str(t) for t in targets)]


def _scan_type(protocol: Protocol, privileged: bool) -> str:
    """-sS / -sT / -sU for the protocol and the privileges nmap will have."""
    if protocol is Protocol.TCP:
        return "-sS" if privileged else "-sT"
    if protocol is Protocol.UDP and privileged:
        return "-sU"
    raise ValueError(f"cannot scan {protocol.name} {'with' if privileged else 'without'} raw sockets")


def _icmp_ratelimit(protocol: Protocol, defeat: bool) -> list[str]:
    """`--defeat-icmp-ratelimit` when asked, which nmap accepts with -sU only."""
    if defeat and protocol is not Protocol.UDP:
        raise ValueError(f"--defeat-icmp-ratelimit works only with a UDP scan, not {protocol.name}")
    return ["--defeat-icmp-ratelimit"] if defeat else []


def _privilege(privileged: bool) -> list[str]:
    """Tell nmap what it may do (a binary with file capabilities needs --privileged)."""
    return ["--privileged"] if privileged else ["--unprivileged"]


def _limits(max_rate: int | None, host_timeout: float | None, max_retries: int | None) -> list[str]:
    """Rate, per-host time and retry limits, each only when set."""
    argv = []
    if max_rate is not None:
        argv += ["--max-rate", str(_in_range(max_rate, 1, 10_000_000, "max rate"))]
    if max_retries is not None:
        argv += ["--max-retries", str(_in_range(max_retries, 0, 50, "max retries"))]
    if host_timeout is not None:
        argv += ["--host-timeout", _duration(host_timeout)]
    return argv


def _port_spec(spec: str) -> str:
    """A validated nmap port spec (digits, ranges, commas, T:/U:/S: prefixes)."""
    text = spec.replace(" ", "")
    if not _PORT_SPEC.fullmatch(text):
        raise ValueError(f"bad port spec {spec!r}")
    return text


def _port_list(ports: Collection[int]) -> str:
    """Sorted, de-duplicated, validated port numbers joined by commas."""
    if not ports:
        raise ValueError("no ports")
    return ",".join(str(_in_range(p, 0, 65535, "port")) for p in sorted(set(ports)))


def _script_list(scripts: Sequence[str], force: Collection[str]) -> str:
    """The --script value: names in order, each forced one prefixed with `+`."""
    if not scripts:
        raise ValueError("no scripts")
    unknown = set(force) - set(scripts)
    if unknown:
        raise ValueError(f"cannot force scripts that are not run: {sorted(unknown)}")
    for name in scripts:
        if not _SCRIPT_NAME.fullmatch(name):
            raise ValueError(f"bad script name {name!r}")
    return ",".join(f"+{name}" if name in force else name for name in dict.fromkeys(scripts))


def _script_args(args: Mapping[str, str]) -> str:
    """key="value" pairs; values are always double-quoted, with `\\` and `"` escaped."""
    pairs = []
    for key, value in args.items():
        if not _SCRIPT_ARG_KEY.fullmatch(key):
            raise ValueError(f"bad script argument name {key!r}")
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        pairs.append(f'{key}="{escaped}"')
    return ",".join(pairs)


def _duration(seconds: float) -> str:
    """An nmap time value in whole milliseconds (at least 1 ms)."""
    if not seconds > 0:
        raise ValueError(f"duration must be positive, got {seconds!r}")
    return f"{max(1, round(seconds * 1000))}ms"


def _in_range(value: int, low: int, high: int, what: str) -> int:
    """`value` if low <= value <= high, else ValueError naming `what`."""
    if not low <= value <= high:
        raise ValueError(f"{what} must be between {low} and {high}, got {value}")
    return value
