"""The hydra command line: word list files, no -L for password-only modules, IPv6, directory."""

from ipaddress import IPv4Address, IPv6Address
from pathlib import Path

import pytest

from aucote.tools.hydra.argv import hydra_argv, in_directory

LOGINS, PASSWORDS = Path("/w/logins.txt"), Path("/w/passwords.txt")


def test_ftp() -> None:
    argv = hydra_argv(IPv4Address("192.0.2.7"), 2121, "ftp", logins=LOGINS, passwords=PASSWORDS)
    assert argv == [
        *("hydra", "-t", "4", "-I", "-e", "ns", "-L", "/w/logins.txt", "-P", "/w/passwords.txt"),
        *("-s", "2121", "192.0.2.7", "ftp"),
    ]


def test_password_only_module_ipv6_and_tasks() -> None:
    argv = hydra_argv(
        IPv6Address("::1"), 6379, "redis", logins=LOGINS, passwords=PASSWORDS, tasks=1, hydra="/opt/h"
    )
    assert argv == [
        *("/opt/h", "-t", "1", "-I", "-e", "ns", "-P", "/w/passwords.txt"),
        *("-s", "6379", "-6", "::1", "redis"),
    ]


@pytest.mark.parametrize(("module", "tasks"), [("gopher", 4), ("ftp", 0)])
def test_refuses_bad_module_or_tasks(module: str, tasks: int) -> None:
    with pytest.raises(ValueError):
        hydra_argv(IPv4Address("192.0.2.7"), 21, module, logins=LOGINS, passwords=PASSWORDS, tasks=tasks)


def test_in_directory() -> None:
    assert in_directory(["hydra", "-h"], Path("/tmp/d")) == ["env", "-C", "/tmp/d", "hydra", "-h"]
