"""The options of one scheduled run of a scanner, from the current settings."""

from dataclasses import replace
from ipaddress import ip_network

from aucote.catalog.entry import PROFILES
from aucote.config.portdetection import scanner_profile
from aucote.config.settings import Settings
from aucote.engine.from_settings import base_options, masscan_options, port_scan
from aucote.engine.options import ScanOptions
from aucote.engine.targets import TargetSet
from aucote.model.protocol import Protocol

EVERYWHERE = (ip_network("0.0.0.0/0"), ip_network("::/0"))


def port_scanner_options(settings: Settings, name: str) -> ScanOptions:
    """A `tcp` or `udp` run: its networks, its ports, no checks."""
    scanner = settings.portdetection.scanners[name]
    protocol = Protocol.TCP if name == "tcp" else Protocol.UDP
    targets = TargetSet(tuple(scanner.networks.include), tuple(scanner.networks.exclude))
    return replace(
        base_options(settings, targets),
        port_scans=(port_scan(name, protocol, scanner, None),),
        run_checks=False,
        version_intensity=scanner.version_intensity,
        masscan=masscan_options(settings, scanner) if protocol is Protocol.TCP else None,
    )


def tools_scanner_options(settings: Settings, name: str) -> ScanOptions:
    """A tools run: its profile (or `scripts`) on the ports found, narrowed by its networks; with
    no networks configured it takes every port the port scanners found."""
    scanner = settings.portdetection.scanners[name]
    profile = scanner_profile(name)
    targets = TargetSet(tuple(scanner.networks.include) or EVERYWHERE, tuple(scanner.networks.exclude))
    return replace(
        base_options(settings, targets),
        tools_scanner=name,
        profile=profile if profile in PROFILES else None,
        scripts=tuple(scanner.scripts),
        scan_nodes=scanner.scan_nodes,
    )
