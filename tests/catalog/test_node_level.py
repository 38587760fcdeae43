"""`node_level` marks exactly the catalogue's nmap scripts that nmap runs per host (a `hostrule`
and no `portrule` in the installed script), and nothing else."""

from pathlib import Path

import pytest

from aucote.catalog.loader import load_catalog

SCRIPTS = Path("/usr/share/nmap/scripts")


def _host_script(name: str) -> bool:
    text = (SCRIPTS / f"{name}.nse").read_text(errors="replace")
    return "hostrule" in text and "portrule" not in text


@pytest.mark.skipif(not SCRIPTS.is_dir(), reason="nmap's scripts are not installed")
def test_node_level_entries_are_the_host_scripts() -> None:
    entries = [entry for entry in load_catalog() if (SCRIPTS / f"{entry.name}.nse").is_file()]
    marked = {entry.name for entry in entries if entry.node_level}
    host_scripts = {entry.name for entry in entries if entry.app == "nmap" and _host_script(entry.name)}
    assert marked == host_scripts
    assert {"smb-vuln-ms17-010", "smb-security-mode", "smb2-time"} <= marked
