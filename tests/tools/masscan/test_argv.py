"""The masscan argv builder: exact command lines, and the arguments it refuses."""

from ipaddress import IPv4Network

import pytest

from aucote.tools.masscan.argv import (
    MasscanRefused,
    check_args,
    has_adapter,
    port_count,
    port_spec,
    scan_argv,
)

NET = IPv4Network("198.18.0.0/24")
LAB = ["--adapter", "eth0", "--adapter-ip", "198.18.0.254", "--router-mac", "82:4d:24:97:a4:9a"]


def test_scan_argv_puts_the_adapter_args_first_then_rate_wait_ports_exclusions_targets() -> None:
    argv = scan_argv(
        [NET, IPv4Network("10.1.0.0/16")],
        "22,80,8000-8100",
        rate=10_000,
        args=LAB,
        exclude=[IPv4Network("198.18.0.1/32"), IPv4Network("198.18.0.252/30")],
        masscan="/usr/bin/masscan",
    )
    assert argv == [
        "/usr/bin/masscan", *LAB, "--rate", "10000", "--wait", "2", "-p", "22,80,8000-8100",
        "--exclude", "198.18.0.1/32,198.18.0.252/30", "--range", "198.18.0.0/24,10.1.0.0/16",
    ]  # fmt: skip


def test_scan_argv_without_exclusions_and_with_its_own_wait() -> None:
    argv = scan_argv([NET], "80", rate=1, args=["-e", "eth1"], wait=0)
    assert argv == [
        "masscan",
        "-e",
        "eth1",
        "--rate",
        "1",
        "--wait",
        "0",
        "-p",
        "80",
        "--range",
        "198.18.0.0/24",
    ]


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--adapter-ip", "198.18.0.254", "--router-mac", "82:4d:24:97:a4:9a"],
        ["--adapter"],
        ["--adapter", "--router-mac", "82:4d:24:97:a4:9a"],
        ["--adapter="],
        ["-e"],
        ["--adapter-port", "40000"],
    ],
)
def test_args_without_an_adapter_are_refused(args: list[str]) -> None:
    assert not has_adapter(args)
    with pytest.raises(MasscanRefused, match="--adapter <interface>"):
        scan_argv([NET], "80", rate=100, args=args)


@pytest.mark.parametrize("args", [["--adapter", "eth0"], ["--adapter=eth0"], ["-e", "eth0"], ["-eeth0"]])
def test_every_way_of_naming_the_adapter_is_accepted(args: list[str]) -> None:
    assert has_adapter(args)
    assert check_args(args) == args


def test_refusal_is_a_value_error() -> None:
    assert issubclass(MasscanRefused, ValueError)


@pytest.mark.parametrize(
    "extra",
    [
        ["--range", "10.0.0.0/8"],
        ["--range=10.0.0.0/8"],
        ["-iL", "targets.txt"],
        ["--includefile", "targets.txt"],
        ["-c", "masscan.conf"],
        ["--conf", "masscan.conf"],
        ["--resume", "paused.conf"],
        ["-p", "1-65535"],
        ["-p1-65535"],
        ["--ports", "80"],
        ["--top-ports", "100"],
        ["--rate", "1000000"],
        ["--max-rate", "1000000"],
        ["--wait", "forever"],
        ["-oL", "out.txt"],
        ["-oX", "-"],
        ["--output-filename", "out.xml"],
        ["--echo"],
    ],
)
def test_options_aucote_owns_are_refused(extra: list[str]) -> None:
    with pytest.raises(MasscanRefused, match="must not contain"):
        check_args([*LAB, *extra])


@pytest.mark.parametrize(
    "extra",
    [
        ["10.0.0.0/8"],
        ["--banners", "8.8.8.8"],
        ["192.168.1.1-192.168.1.9"],
        ["198.18.0.9,10.9.9.9"],
        ["::/0"],
    ],
)
def test_bare_addresses_which_masscan_would_scan_are_refused(extra: list[str]) -> None:
    with pytest.raises(MasscanRefused, match="must not name addresses"):
        check_args([*LAB, *extra])


def test_addresses_as_values_of_address_options_are_accepted() -> None:
    args = [*LAB, "--source-ip", "198.18.0.250", "--router-ip", "198.18.0.253", "--exclude", "198.18.0.9"]
    assert check_args([*args, "--banners", "--excludefile", "/etc/masscan/exclude.txt"]) == [
        *args, "--banners", "--excludefile", "/etc/masscan/exclude.txt",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("spec", "expected", "count"),
    [
        ("80", "80", 1),
        ("22, 80,443", "22,80,443", 3),
        ("-", "1-65535", 65535),
        ("1024-", "1024-65535", 64512),
        ("-1023", "1-1023", 1023),
        ("T:80,T:8000-8009", "80,8000-8009", 11),
        ("1-2023,2025-65535", "1-2023,2025-65535", 65534),
        ("80,80,79-81", "80,80,79-81", 3),
        ("0", "0", 1),
    ],
)
def test_port_specs(spec: str, expected: str, count: int) -> None:
    assert port_spec(spec) == expected
    assert port_count(spec) == count


@pytest.mark.parametrize("spec", ["", "http", "U:53", "80,,443", "90-80", "65536", "1-70000", "80;id"])
def test_bad_port_specs(spec: str) -> None:
    with pytest.raises(ValueError, match="port"):
        port_spec(spec)


@pytest.mark.parametrize("rate", [0, -5, 10_000_001])
def test_rate_must_be_sane(rate: int) -> None:
    with pytest.raises(ValueError, match="rate"):
        scan_argv([NET], "80", rate=rate, args=LAB)


def test_no_targets() -> None:
    with pytest.raises(ValueError, match="no targets"):
        scan_argv([], "80", rate=100, args=LAB)
