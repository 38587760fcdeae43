"""Building a run's options from the settings and the command line's choices."""

import os
from collections.abc import Sequence
from dataclasses import replace

from aucote.config.portdetection import scanner_profile
from aucote.config.scanner import ScannerSettings
from aucote.config.settings import Settings
from aucote.engine.options import MasscanOptions, PortScanOptions, ScanOptions, ToolOptions
from aucote.engine.targets import IPNetwork, TargetError, TargetSet, parse_targets
from aucote.model.notification import NoticeRule
from aucote.model.protocol import Protocol
from aucote.tools.masscan.argv import check_args


def scan_options(
    settings: Settings,
    *,
    targets: Sequence[str] = (),
    profile: str = "basic",
    ports: str | None = None,
    udp: bool = False,
    intrusive: bool | None = None,
    default_credentials: bool | None = None,
) -> ScanOptions:
    """Options of a one-shot run (`aucote scan`); `intrusive` and `default_credentials`, when
    given, override `service.scans.intrusive` and `service.scans.default_credentials`."""
    tcp = settings.portdetection.scanners["tcp"]
    tools_scanner = f"tools_{profile}"
    port_scans = [port_scan("tcp", Protocol.TCP, tcp, ports)]
    if udp:
        port_scans.append(port_scan("udp", Protocol.UDP, settings.portdetection.scanners["udp"], ports))
    base = base_options(settings, target_set(tcp, targets))
    return replace(
        base,
        allow_intrusive=base.allow_intrusive if intrusive is None else intrusive,
        allow_default_credentials=(
            base.allow_default_credentials if default_credentials is None else default_credentials
        ),
        port_scans=tuple(port_scans),
        tools_scanner=tools_scanner,
        profile=scanner_profile(tools_scanner),
        scripts=tuple(_scripts(settings, tools_scanner)),
        scan_nodes=_scan_nodes(settings, tools_scanner),
        version_intensity=tcp.version_intensity,
        masscan=masscan_options(settings, tcp),
    )


def base_options(settings: Settings, targets: TargetSet) -> ScanOptions:
    """Targets plus what every run takes from the settings: tools, limits, privileges."""
    nmap = settings.tools.by_name.get("nmap")
    return ScanOptions(
        targets=targets,
        port_scans=(),
        tools={name: tool_options(settings, name) for name in settings.tools.by_name},
        parallel_tasks=settings.service.scans.parallel_tasks,
        allow_intrusive=settings.service.scans.intrusive,
        allow_default_credentials=settings.service.scans.default_credentials,
        privileged=os.geteuid() == 0,
        nmap=(nmap.cmd if nmap and nmap.cmd else "nmap"),
        nmap_timeout=nmap.timeout if nmap else 7200.0,
    )


def masscan_options(settings: Settings, scanner: ScannerSettings) -> MasscanOptions | None:
    """masscan for the scanner's IPv4 TCP ports when `tools.masscan.enable` is on."""
    tool = settings.tools.by_name.get("masscan")
    if tool is None or not tool.enable:
        return None
    args = (tool.model_extra or {}).get("args") or []
    if not isinstance(args, list):
        raise ValueError("tools.masscan.args must be a list of masscan arguments naming the adapter")
    check_args([str(arg) for arg in args])
    return MasscanOptions(
        args=tuple(str(arg) for arg in args),
        command=tool.cmd or "masscan",
        rate=scanner.scan_rate,
        timeout=tool.timeout,
    )


def target_set(scanner: ScannerSettings, targets: Sequence[str]) -> TargetSet:
    """The command line's targets (which must lie inside configured networks, if any are
    configured) or the scanner's networks, minus its excluded networks."""
    configured: tuple[IPNetwork, ...] = tuple(scanner.networks.include)
    exclude = tuple(scanner.networks.exclude)
    if not targets:
        return TargetSet(configured, exclude)
    wanted = parse_targets(targets)
    outside = [net for net in wanted if configured and not any(_within(net, c) for c in configured)]
    if outside:
        raise TargetError(f"target {outside[0]} is outside the configured networks (networks.include)")
    return TargetSet(tuple(wanted), exclude)


def _within(network: IPNetwork, container: IPNetwork) -> bool:
    return network.version == container.version and network.subnet_of(container)  # type: ignore[arg-type]


def port_scan(name: str, protocol: Protocol, scanner: ScannerSettings, ports: str | None) -> PortScanOptions:
    return PortScanOptions(
        scanner=name,
        protocol=protocol,
        ports=ports or ",".join(scanner.ports.include) or "-",
        exclude_ports=",".join(scanner.ports.exclude) or None,
        host_discovery=scanner.host_discovery,
        max_rate=scanner.scan_rate,
        host_timeout=scanner.host_timeout,
        max_retries=scanner.max_retries,
        defeat_icmp_ratelimit=scanner.defeat_icmp_ratelimit and protocol is Protocol.UDP,
        open_filtered=scanner.open_filtered and protocol is Protocol.UDP,
    )


def _scripts(settings: Settings, tools_scanner: str) -> list[int]:
    scanner = settings.portdetection.scanners.get(tools_scanner)
    return list(scanner.scripts) if scanner else []


def _scan_nodes(settings: Settings, tools_scanner: str) -> bool:
    scanner = settings.portdetection.scanners.get(tools_scanner)
    return scanner.scan_nodes if scanner else False


def tool_options(settings: Settings, name: str) -> ToolOptions:
    tool = settings.tools.by_name[name]
    extra: dict[str, object] = dict(tool.model_extra or {})
    extra.setdefault("useragent", settings.tools.common.http.useragent)
    return ToolOptions(enabled=tool.enable, command=tool.cmd, timeout=tool.timeout, options=extra)


def notice_rules(settings: Settings) -> tuple[NoticeRule, ...]:
    """`notifications.rules` as the recorder applies them."""
    return tuple(
        NoticeRule(
            name=rule.name,
            events=frozenset(rule.events),
            channels=tuple(rule.channels),
            min_risk=rule.min_risk,
            scanners=frozenset(rule.scanners),
            networks=tuple(rule.networks),
            digest=rule.digest,
        )
        for rule in settings.notifications.rules
    )
