"""Who wrote an export: the tool's name and version, as SARIF and DefectDojo ask for them."""

from importlib.metadata import PackageNotFoundError, version

NAME = "Aucote"


def tool_version() -> str:
    """The installed package's version ("unknown" when run from a source tree not installed)."""
    try:
        return version("aucote")
    except PackageNotFoundError:
        return "unknown"
