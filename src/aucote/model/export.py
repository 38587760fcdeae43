"""What an export holds (findings or hosts) and how it is written."""

from enum import StrEnum


class ExportKind(StrEnum):
    """The rows of an export."""

    FINDINGS = "findings"
    """Vulnerabilities, with their exploit, port, node, scan and CVE/CVSS/risk."""
    HOSTS = "hosts"
    """Open ports of nodes, each once, with the newest service seen on it."""


class ExportFormat(StrEnum):
    """The file format of an export."""

    CSV = "csv"
    JSON = "json"
    SARIF = "sarif"
    DEFECTDOJO = "defectdojo"
