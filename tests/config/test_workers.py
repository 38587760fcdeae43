"""The `workers` section: zones checked with the file, key and problem named."""

from ipaddress import ip_address, ip_network
from pathlib import Path

import pytest

from aucote.config.errors import ConfigError
from aucote.config.loader import load_settings
from aucote.model.zones import Zones


def _load(tmp_path: Path, text: str) -> object:
    path = tmp_path / "aucote.yaml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path, environ={}).settings


def _error(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, text)
    return str(caught.value)


def test_zones_are_read(tmp_path: Path) -> None:
    settings = _load(tmp_path, "workers:\n  zones:\n    dmz:\n      networks: [10.1.0.0/16, 10.2.0.7]\n")
    networks = settings.workers.zones["dmz"].networks  # type: ignore[attr-defined]
    assert networks == [ip_network("10.1.0.0/16"), ip_network("10.2.0.7/32")]


def test_zone_limits_are_read_and_the_default_zone_takes_limits_only(tmp_path: Path) -> None:
    text = (
        "workers:\n  zones:\n"
        "    dmz:\n      networks: [10.1.0.0/16]\n      parallel_tasks: 2\n      scan_rate: 7\n"
        "    default:\n      parallel_tasks: 40\n"
    )
    zones = _load(tmp_path, text).workers.zones  # type: ignore[attr-defined]
    assert (zones["dmz"].parallel_tasks, zones["dmz"].scan_rate) == (2, 7)
    assert (zones["default"].networks, zones["default"].parallel_tasks, zones["default"].scan_rate) == (
        None,
        40,
        None,
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "workers:\n  zones:\n    dmz:\n      networks: [10.1.1.1/16]\n",
            "workers.zones.dmz.networks: '10.1.1.1/16' has host bits set (did you mean '10.1.0.0/16'?)",
        ),
        (
            "workers:\n  zones:\n    dmz: {}\n",
            "workers.zones.dmz.networks: missing required key (only the default zone has no networks)",
        ),
        (
            "workers:\n  zones:\n    default:\n      networks: [10.0.0.0/8]\n",
            "workers.zones.default.networks: the default zone holds every host of no other zone: "
            "it takes no networks",
        ),
        (
            "workers:\n  zones:\n    dmz:\n      networks: [10.0.0.0/8]\n      parallel_tasks: 0\n",
            "workers.zones.dmz.parallel_tasks: input should be greater than or equal to 1, got 0",
        ),
        (
            "workers:\n  zones:\n    default:\n      parallel_tasks: 1001\n",
            "workers.zones.default.parallel_tasks: input should be less than or equal to 1000, got 1001",
        ),
        (
            "workers:\n  zones:\n    dmz:\n      networks: [10.0.0.0/8]\n      scan_rate: 0\n",
            "workers.zones.dmz.scan_rate: input should be greater than 0, got 0",
        ),
        (
            "workers:\n  zones:\n    default:\n      scan_rate: fast\n",
            "workers.zones.default.scan_rate: expected an integer, got 'fast'",
        ),
        (
            "workers:\n  zones:\n    dmz:\n      networks: []\n      cidr: []\n",
            "workers.zones.dmz.cidr: unknown key",
        ),
        (
            "workers:\n  zones:\n    Big Zone:\n      networks: []\n",
            "workers.zones: 'Big Zone' is not a zone name (lower-case letters, digits, '-' and '_')",
        ),
        (
            "workers:\n  heartbeat: 30s\n  stalled_after: 20s\n",
            "workers: stalled_after (20 s) must be longer than heartbeat (30 s)",
        ),
        ("workers:\n  queue: redis\n", "workers.queue: "),
    ],
)
def test_problems_name_file_key_and_problem(tmp_path: Path, text: str, problem: str) -> None:
    message = _error(tmp_path, text)
    assert str(tmp_path / "aucote.yaml") in message
    assert problem in message


def test_the_most_specific_zone_wins_and_the_rest_is_default() -> None:
    zones = Zones.of(
        {"office": [ip_network("10.0.0.0/8")], "lab": [ip_network("10.9.0.0/16"), ip_network("fd00::/64")]}
    )
    assert zones.zone_of(ip_address("10.9.1.2")) == "lab"
    assert zones.zone_of(ip_address("10.8.1.2")) == "office"
    assert zones.zone_of(ip_address("fd00::5")) == "lab"
    assert zones.zone_of(ip_address("192.0.2.1")) == "default"
