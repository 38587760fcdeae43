"""One sslyze scan of one port: build the request with exactly the commands needed, and run it."""

from collections.abc import Set
from typing import Final

from sslyze.plugins.certificate_info.implementation import CertificateInfoExtraArgument
from sslyze.plugins.scan_commands import ScanCommand
from sslyze.scanner.models import ScanCommandsExtraArguments, ServerScanRequest, ServerScanResult
from sslyze.scanner.scanner import Scanner
from sslyze.server_setting import ServerNetworkConfiguration, ServerNetworkLocation

from aucote.checks.tls.settings import TlsSettings
from aucote.checks.tls.starttls import opportunistic_protocol
from aucote.model.target import Port

SSLYZE_NETWORK_TIMEOUT: Final = 5
"""sslyze's own timeout for one connection (seconds); shortened when the whole check has less."""


def build_request(
    port: Port, commands: Set[ScanCommand], settings: TlsSettings, timeout: float = 600.0
) -> ServerScanRequest:
    """A request for the port's IP address (no DNS lookup), sending `settings.server_name` (or the
    IP address) as SNI, upgrading with STARTTLS when the service needs it; no single connection
    waits longer than the check's `timeout`."""
    address = str(port.node.ip)
    location = ServerNetworkLocation(settings.server_name or address, port.number, address)
    network = ServerNetworkConfiguration(
        tls_server_name_indication=location.hostname,
        tls_opportunistic_encryption=opportunistic_protocol(port),
        network_timeout=max(1, min(SSLYZE_NETWORK_TIMEOUT, int(timeout))),
    )
    return ServerScanRequest(location, network, set(commands), _extra_arguments(commands, settings))


def run_scan(request: ServerScanRequest) -> ServerScanResult:
    """Run sslyze (blocking, its own threads) and return the scan result of the one server."""
    scanner = Scanner()
    scanner.queue_scans([request])
    results = list(scanner.get_results())
    return results[0]


def _extra_arguments(commands: Set[ScanCommand], settings: TlsSettings) -> ScanCommandsExtraArguments:
    if settings.ca_file is None or ScanCommand.CERTIFICATE_INFO not in commands:
        return ScanCommandsExtraArguments()
    return ScanCommandsExtraArguments(certificate_info=CertificateInfoExtraArgument(settings.ca_file))
