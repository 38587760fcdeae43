"""How an export writes a finding's scoring: CVE lists, SARIF levels, DefectDojo severities."""

from aucote.model.status import RiskLevel

SARIF_LEVELS = {
    RiskLevel.HIGH: "error",
    RiskLevel.MEDIUM: "warning",
    RiskLevel.LOW: "note",
    RiskLevel.NONE: "none",
}
"""A SARIF result's level for each risk (informational output: "none", with kind informational)."""

DEFECTDOJO_SEVERITIES = {
    RiskLevel.HIGH: "High",
    RiskLevel.MEDIUM: "Medium",
    RiskLevel.LOW: "Low",
    RiskLevel.NONE: "Info",
}
"""DefectDojo's severity for each risk (Aucote has no level above High, so never "Critical")."""


def cve_list(cve: str | None) -> list[str]:
    """The stored comma-separated CVE list as a list ([] when none)."""
    return [part.strip() for part in (cve or "").split(",") if part.strip()]
