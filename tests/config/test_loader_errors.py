from pathlib import Path

import pytest

from aucote.config.errors import ConfigError
from aucote.config.loader import load_settings
from tests.config.conftest import WriteConfig


def error_of(path: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={})
    return str(caught.value)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("portdetection:\n  tcp:\n    scan_enable: true\n", "portdetection.tcp.scan_enable: unknown key"),
        ("service:\n  api:\n    v1:\n      hots: 0.0.0.0\n", "service.api.v1.hots: unknown key"),
        ("colour: blue\n", "colour: unknown key"),
        (
            "portdetection:\n  tcp:\n    periodic_scan:\n      cron: '61 * * * *'\n",
            "portdetection.tcp.periodic_scan.cron: invalid cron expression '61 * * * *' "
            "([61 * * * *] is not acceptable, out of range)",
        ),
        (
            "portdetection:\n  udp:\n    networks:\n      include: [10.0.0.0/8, 10.1.1.1/16]\n",
            "portdetection.udp.networks.include: '10.1.1.1/16' has host bits set "
            "(did you mean '10.1.0.0/16'?)",
        ),
        (
            "portdetection:\n  tcp:\n    networks:\n      exclude: [10.0.0.256]\n",
            "portdetection.tcp.networks.exclude: '10.0.0.256' is not an IP address, network (CIDR) or range",
        ),
        (
            "portdetection:\n  tcp:\n    networks:\n      include: 10.0.0.0/8\n",
            "portdetection.tcp.networks.include: expected a list, got '10.0.0.0/8'",
        ),
        (
            "portdetection:\n  tcp:\n    live_scan:\n      min_time_gap: 2 hours\n",
            "portdetection.tcp.live_scan.min_time_gap: expected a period such as '2h', '1d2h3m4s', '30s' "
            "or a number of seconds, got '2 hours'",
        ),
        (
            "portdetection:\n  expiration_period: -1\n",
            "portdetection.expiration_period: expected a period such as '2h', '1d2h3m4s', '30s' "
            "or a number of seconds, got -1",
        ),
        (
            "tools:\n  nmap:\n    timeout: soon\n",
            "tools.nmap.timeout: expected a period such as '2h', '1d2h3m4s', '30s' or a number of seconds, "
            "got 'soon'",
        ),
        (
            "portdetection:\n  tcp:\n    ports:\n      include: ['1-70000']\n",
            "portdetection.tcp.ports.include: invalid port list '1-70000': port 70000 is above 65535",
        ),
        (
            "portdetection:\n  tcp:\n    scan_rate: 0\n",
            "portdetection.tcp.scan_rate: input should be greater than 0, got 0",
        ),
        (
            "portdetection:\n  tcp:\n    scan_rate: fast\n",
            "portdetection.tcp.scan_rate: expected an integer, got 'fast'",
        ),
        (
            "portdetection:\n  tcp:\n    scan_type: SOMETIMES\n",
            "portdetection.tcp.scan_type: input should be 'LIVE' or 'PERIODIC', got 'SOMETIMES'",
        ),
        (
            "portdetection:\n  tcp:\n    scripts: [1, two]\n",
            "portdetection.tcp.scripts[1]: expected an integer, got 'two'",
        ),
        (
            "portdetection:\n  tcp:\n    scripts: [-3]\n",
            "portdetection.tcp.scripts: exploit ids are not negative, got -3",
        ),
        (
            "service:\n  scans:\n    parallel_tasks: 0\n",
            "service.scans.parallel_tasks: input should be greater than or equal to 1, got 0",
        ),
        (
            "service:\n  scans:\n    reserved_cpus: -1\n",
            "service.scans.reserved_cpus: input should be greater than or equal to 0, got -1",
        ),
        (
            "service:\n  scans:\n    physical: maybe\n",
            "service.scans.physical: expected true or false, got 'maybe'",
        ),
        ("service:\n  api: 5\n", "service.api: expected a mapping of keys, got 5"),
        (
            "service:\n  api:\n    password: hunter2\n",
            "service.api.password: expected a hex SHA-512 digest (128 hex digits) or "
            "'pbkdf2_sha256$<iterations>$<salt>$<hash>' - "
            "store a hash of the password, never the password itself",
        ),
        (
            "service:\n  api:\n    path: '/a b'\n",
            "service.api.path: '/a b' is not a URL path prefix like '/aucote'",
        ),
        (
            "service:\n  api:\n    v1:\n      host: 'bad host'\n",
            "service.api.v1.host: 'bad host' is not an IP address or host name",
        ),
        (
            "database:\n  url: not-a-url\n",
            "database.url: 'not-a-url' is not a database URL like 'sqlite:///var/aucote.sqlite3'",
        ),
        (
            "cve:\n  max_age: weekly\n",
            "cve.max_age: expected a period such as '2h', '1d2h3m4s', '30s' or a number of seconds, "
            "got 'weekly'",
        ),
        ("cve:\n  max_age: 0\n", "cve.max_age: expected a period longer than 0 (or null: not checked)"),
        (
            "service:\n  health:\n    stuck_after: 0s\n",
            "service.health.stuck_after: input should be greater than 0, got 0.0",
        ),
        (
            "logging:\n  level: loud\n",
            "logging.level: input should be 'debug', 'info', 'warning', 'error' or 'critical', got 'loud'",
        ),
    ],
)
def test_one_message_names_file_key_path_and_problem(
    write_config: WriteConfig, text: str, problem: str
) -> None:
    path = write_config(text)
    assert error_of(path) == f"{path}: {problem}"


def test_every_problem_gets_its_own_line(write_config: WriteConfig) -> None:
    path = write_config(
        "portdetection:\n  tcp:\n    scan_rate: 0\n    colour: red\nlogging:\n  level: loud\n"
    )
    assert error_of(path).splitlines() == [
        f"{path}: portdetection.tcp.scan_rate: input should be greater than 0, got 0",
        f"{path}: portdetection.tcp.colour: unknown key",
        f"{path}: logging.level: input should be 'debug', 'info', 'warning', 'error' or 'critical', "
        "got 'loud'",
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "portdetection:\n  tpc:\n    scan_enabled: true\n",
            "portdetection.tpc: unknown scanner (known: tcp, tools_advanced, tools_basic, udp; "
            "a new tools scanner must be listed in portdetection.security_scans)",
        ),
        (
            "portdetection:\n  tcp:\n    run_after: [tools_fancy]\n",
            "portdetection.tcp.run_after[0]: 'tools_fancy' is not an active scanner "
            "(active: tcp, udp, tools_basic, tools_advanced)",
        ),
        (
            "portdetection:\n  security_scans: [tools_basic]\n  tcp:\n    run_after: [tools_advanced]\n",
            "portdetection.tcp.run_after[0]: 'tools_advanced' is not an active scanner "
            "(active: tcp, udp, tools_basic)",
        ),
        (
            "portdetection:\n  tcp:\n    run_after: [udp]\n  udp:\n    run_after: [tcp]\n",
            "portdetection.tcp.run_after: scanners would trigger each other forever: tcp -> udp -> tcp",
        ),
        (
            "portdetection:\n  tcp:\n    run_after: [tcp]\n",
            "portdetection.tcp.run_after: scanners would trigger each other forever: tcp -> tcp",
        ),
        (
            "portdetection:\n  security_scans: [tools_basic, tcp]\n",
            "portdetection.security_scans[1]: 'tcp' is a port scanner, not a tools scanner",
        ),
        (
            "portdetection:\n  security_scans: [tools_basic, tools_basic]\n",
            "portdetection.security_scans[1]: 'tools_basic' is listed twice",
        ),
        (
            "portdetection:\n  security_scans: [tools_extra]\n",
            "portdetection.security_scans[0]: 'tools_extra' has no section portdetection.tools_extra",
        ),
    ],
)
def test_scanner_names_are_checked_across_sections(
    write_config: WriteConfig, text: str, problem: str
) -> None:
    path = write_config(text)
    assert error_of(path) == f"{path}: {problem}"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "portdetection:\n  tcp: [\n",
            "line 3, column 1: expected the node content, but found '<stream end>'",
        ),
        ("service:\n  api:\n  port: 1\n  x\n", "line 5, column 1: could not find expected ':'"),
        ("logging:\n  level: info\n  level: debug\n", "line 3, column 3: duplicate key 'level'"),
        ("- a\n- b\n", "expected a mapping of keys at the top, got list"),
        ("tools:\n  1: x\n", "tools: key 1 is not a string (quote it)"),
    ],
)
def test_yaml_problems_name_the_line(write_config: WriteConfig, text: str, problem: str) -> None:
    path = write_config(text)
    assert error_of(path) == f"{path}: {problem}"


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    assert error_of(path) == f"{path}: no such file"


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    assert error_of(tmp_path).startswith(f"{tmp_path}: cannot read the file (")
