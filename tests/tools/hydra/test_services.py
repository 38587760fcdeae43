"""Which hydra module attacks a service nmap named (the original's map, plus TLS variants)."""

import re
import subprocess

import pytest

from aucote.tools.hydra.services import HYDRA_MODULES, hydra_module
from aucote.tools.runner import find_tool


@pytest.mark.parametrize(
    ("name", "tls", "module"),
    [
        ("http", False, "http-get"),
        ("https", False, "https-get"),
        ("http", True, "https-get"),
        ("microsoft-ds", False, "smb"),
        ("netbios-ssn", False, "smb"),
        ("ftp", False, "ftp"),
        ("ftp", True, "ftps"),
        ("SSH", False, "ssh"),
        ("postgresql", False, "postgres"),
        ("ms-wbt-server", False, "rdp"),
        ("redis", False, "redis"),
        ("snmp", False, "snmp"),
        ("imap", True, "imaps"),
        ("domain", False, None),
        ("ldap", False, None),
        ("unknown", False, None),
    ],
)
def test_module_for_service(name: str, tls: bool, module: str | None) -> None:
    assert hydra_module(name, tls) == module


def expand(pattern: str) -> set[str]:
    """hydra's help notation: `[x]` optional, `{a|b}` one of."""
    match = re.search(r"\[([^\[\]]*)\]|\{([^{}]*)\}", pattern)
    if match is None:
        return {pattern}
    choices = ["", match[1]] if match[1] is not None else match[2].split("|")
    head, tail = pattern[: match.start()], pattern[match.end() :]
    return {word for choice in choices for word in expand(head + choice + tail)}


def test_expand() -> None:
    assert expand("ldap3[-{cram|digest}md5][s]") == {
        *("ldap3", "ldap3s", "ldap3-crammd5", "ldap3-crammd5s", "ldap3-digestmd5", "ldap3-digestmd5s"),
    }


@pytest.mark.skipif(find_tool("hydra") is None, reason="hydra is not installed")
def test_module_list_is_the_installed_hydras() -> None:
    help_text = subprocess.run(["hydra", "-h"], capture_output=True, text=True).stdout
    [listed] = re.findall(r"^Supported services: (.*)$", help_text, re.M)
    assert {module for word in listed.split() for module in expand(word)} == HYDRA_MODULES
