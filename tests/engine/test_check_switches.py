"""The switches `service.scans.default_credentials` and `service.scans.intrusive`, end to end: the
installed `aucote scan` with real nmap against a throwaway MariaDB on loopback whose root logs in
over TCP without a password. `mysql-empty-password` (default credentials) runs by default and finds
it; switched off (flag or configuration) it is SKIPPED `default_credentials_disabled`; the intrusive
`mysql-vuln-cve2012-2122` matching the same port is SKIPPED `intrusive_disabled` while intrusive
checks are off (it is never run here: it makes hundreds of logins)."""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from aucote.model.status import CheckReason, CheckStatus
from aucote.storage.tables import security_scans
from tests.engine.scanning import NEVER_SCANNED, loopback_ip, rows
from tests.support.aucote_command import aucote_scan
from tests.support.daemons.mariadb import mariadb as mariadb_server
from tests.support.daemons.workdirs import daemon_workdir

MYSQL_DATABASES, MYSQL_EMPTY_PASSWORD, MYSQL_CVE_2012_2122 = 87, 88, 90
CONFIG = """\
service:
  scans: {{default_credentials: {default_credentials}}}
portdetection:
  tcp:
    ports: {{include: ['{port}'], exclude: ['{never}']}}
  tools_advanced:
    scripts: [{scripts}]
"""
PORT = 3307


@pytest.fixture(scope="module")
def mariadb() -> Iterator[tuple[str, int]]:
    """A throwaway MariaDB (tests/support/daemons) whose root logs in over TCP without a password."""
    ip = loopback_ip()
    with daemon_workdir("mysql") as workdir, mariadb_server(workdir, ip, PORT, root="no-password"):
        yield ip, PORT


Outcome = tuple[str, str | None, str | None]
"""A security scan's status, reason and detail."""


@dataclass(frozen=True)
class Scanned:
    """What `aucote scan --json` printed, and the security scans it stored by exploit id."""

    result: dict[str, Any]
    outcomes: dict[int, Outcome]


def _scan(
    tmp_path: Path,
    address: tuple[str, int],
    *flags: str,
    configured: bool = True,
    scripts: tuple[int, ...] = (MYSQL_EMPTY_PASSWORD, MYSQL_CVE_2012_2122),
) -> Scanned:
    """`aucote scan --profile advanced --json FLAGS` of the MariaDB port, with
    `service.scans.default_credentials: CONFIGURED` (intrusive checks off, the default), running
    the exploits `scripts`."""
    ip, port = address
    tmp_path.mkdir(exist_ok=True)
    config = tmp_path / "aucote.yaml"
    values = {"scripts": ", ".join(map(str, scripts)), "never": NEVER_SCANNED}
    config.write_text(CONFIG.format(default_credentials=str(configured).lower(), port=port, **values))
    url = f"sqlite:///{tmp_path / 'aucote.sqlite3'}"
    done = aucote_scan(ip, "--config", str(config), "--db", url, "--profile", "advanced", "--json", *flags)
    assert done.returncode == 0, done.stderr
    stored = rows(create_engine(url), security_scans)
    return Scanned(
        json.loads(done.stdout), {row.exploit_id: (row.status, row.reason, row.detail) for row in stored}
    )


INTRUSIVE_OFF: Outcome = (
    CheckStatus.SKIPPED.value,
    CheckReason.INTRUSIVE_DISABLED.value,
    "intrusive checks are off (service.scans.intrusive)",
)
DEFAULT_CREDENTIALS_OFF: Outcome = (
    CheckStatus.SKIPPED.value,
    CheckReason.DEFAULT_CREDENTIALS_DISABLED.value,
    "default-credential checks are off (service.scans.default_credentials)",
)


@pytest.mark.nmap
def test_default_credentials_run_by_default_and_find_root_without_a_password(
    mariadb: tuple[str, int], tmp_path: Path
) -> None:
    scanned = _scan(tmp_path, mariadb)
    assert scanned.outcomes == {
        MYSQL_EMPTY_PASSWORD: (CheckStatus.DONE.value, None, None),
        MYSQL_CVE_2012_2122: INTRUSIVE_OFF,
    }
    assert scanned.result["checks"] == {"DONE": 1, "SKIPPED": 1}
    [finding] = scanned.result["findings"]
    assert (finding["exploit"]["name"], finding["service"], finding["risk_level"]) == (
        "mysql-empty-password",
        "mysql",
        "High",
    )
    assert "root account has empty password" in finding["output"]


@pytest.mark.nmap
def test_no_default_credentials_flag_turns_the_class_off_and_says_why(
    mariadb: tuple[str, int], tmp_path: Path
) -> None:
    scanned = _scan(tmp_path, mariadb, "--no-default-credentials")
    assert scanned.outcomes == {
        MYSQL_EMPTY_PASSWORD: DEFAULT_CREDENTIALS_OFF,
        MYSQL_CVE_2012_2122: INTRUSIVE_OFF,
    }
    assert scanned.result["checks"] == {"SKIPPED": 2}
    assert scanned.result["summary"]["findings"] == 0 and scanned.result["findings"] == []


@pytest.mark.nmap
def test_the_setting_turns_the_class_off_and_the_flag_back_on(
    mariadb: tuple[str, int], tmp_path: Path
) -> None:
    off = _scan(tmp_path / "off", mariadb, configured=False)
    assert off.outcomes[MYSQL_EMPTY_PASSWORD] == DEFAULT_CREDENTIALS_OFF
    on = _scan(tmp_path / "on", mariadb, "--default-credentials", configured=False)
    assert on.outcomes[MYSQL_EMPTY_PASSWORD] == (CheckStatus.DONE.value, None, None)
    assert on.result["summary"]["by_risk"] == {"High": 1}


@pytest.mark.nmap
def test_intrusive_flag_runs_the_intrusive_class(mariadb: tuple[str, int], tmp_path: Path) -> None:
    """`mysql-databases` (intrusive, one login with the credentials it is given: none here) is
    held back by default and runs with --intrusive."""
    scripts = (MYSQL_DATABASES, MYSQL_EMPTY_PASSWORD)
    held = _scan(tmp_path / "held", mariadb, scripts=scripts)
    assert held.outcomes[MYSQL_DATABASES] == INTRUSIVE_OFF
    ran = _scan(tmp_path / "ran", mariadb, "--intrusive", scripts=scripts)
    assert ran.outcomes[MYSQL_DATABASES] == (CheckStatus.DONE.value, None, None)
    assert ran.result["checks"] == {"DONE": 2}
