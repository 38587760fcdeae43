"""The catalogue shipped with Aucote: ids, profiles, safety, and agreement with nmap's scripts."""

import re
from functools import cache
from pathlib import Path

import pytest

from aucote.catalog import AUCOTE_IDS, Catalog, RuleKind, load_catalog
from aucote.model.protocol import Protocol

NMAP = Path("/usr/share/nmap")
SCRIPTS = NMAP / "scripts"
needs_nmap = pytest.mark.skipif(
    not (SCRIPTS / "script.db").exists(), reason="nmap's NSE scripts not installed"
)

INTRUSIVE_CATEGORIES = {"intrusive", "dos", "exploit", "brute", "fuzzer"}
OUTSIDE_CATEGORIES = {"broadcast", "external"}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@cache
def nmap_categories() -> dict[str, frozenset[str]]:
    entries = re.findall(
        r'filename = "(.+?)\.nse", categories = \{ (.*?) \}', (SCRIPTS / "script.db").read_text()
    )
    return {name: frozenset(re.findall(r'"(\w+)"', categories)) for name, categories in entries}


@cache
def nmap_service_names() -> frozenset[str]:
    services = {
        line.split()[0]
        for line in (NMAP / "nmap-services").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    probes = re.findall(r"^(?:soft)?match (\S+) ", (NMAP / "nmap-service-probes").read_text(), re.M)
    return frozenset(services | set(probes))


def test_seed_ids(catalog: Catalog) -> None:
    assert (catalog[71].app, catalog[71].name) == ("nmap", "http-vuln-cve2010-2861")
    assert (catalog[72].app, catalog[72].name) == ("nmap", "http-vuln-cve2011-3192")


@pytest.mark.parametrize(
    ("exploit_id", "name"),
    [
        (1, "ssl-poodle"),
        (2, "ssl-heartbleed"),
        (3, "ssl-dh-params"),
        (4, "ssl-ccs-injection"),
        (5, "http-slowloris-check"),
        (6, "ftp-vsftpd-backdoor"),
        (7, "ftp-anon"),
        (40, "smb-vuln-ms08-067"),
        (104, "sslv2"),
        (110, "dns-zone-transfer"),
        (113, "dns-recursion"),
        (126, "snmp-sysdescr"),
        (131, "ssl-cert"),
        (169, "smb-vuln-ms17-010"),
    ],
)
def test_original_ids(catalog: Catalog, exploit_id: int, name: str) -> None:
    assert catalog[exploit_id].name == name


def test_snmp_entries_listen_on_udp_161(catalog: Catalog) -> None:
    for exploit_id in range(123, 131):
        assert (Protocol.UDP, 161) in catalog[exploit_id].exploit.ports


def test_new_ids_from_1000_and_aucote_range_free(catalog: Catalog) -> None:
    nmap_ids = [entry.id for entry in catalog if entry.app == "nmap"]
    assert all(exploit_id < 180 or 1000 <= exploit_id < AUCOTE_IDS.start for exploit_id in nmap_ids)
    own = [entry for entry in catalog if entry.app.startswith("aucote-")]
    assert all(entry.id in AUCOTE_IDS for entry in own)


def test_reserved_ids_are_not_used(catalog: Catalog) -> None:
    reserved = {item.id for item in catalog.reserved}
    assert {109, 137, 138, 139, 168, 177, 178, 179} <= reserved
    assert set(range(141, 157)) <= reserved
    assert not reserved & {entry.id for entry in catalog}
    assert set(range(1, 180)) <= reserved | {entry.id for entry in catalog}


def test_basic_is_a_non_intrusive_subset_of_advanced(catalog: Catalog) -> None:
    basic = set(catalog.profile("basic"))
    advanced = set(catalog.profile("advanced"))
    assert basic and basic < advanced
    assert not any(entry.exploit.intrusive for entry in basic)


def test_intrusive_entries_are_only_advanced(catalog: Catalog) -> None:
    for entry in catalog:
        if entry.exploit.intrusive:
            assert entry.exploit.profiles <= {"advanced"}, entry.name


def test_slowloris_is_intrusive(catalog: Catalog) -> None:
    assert catalog.find("nmap", "http-slowloris-check") is catalog[5]
    assert catalog[5].exploit.intrusive


def test_pattern_rules_have_patterns(catalog: Catalog) -> None:
    for entry in catalog:
        assert (entry.rule.kind is RuleKind.PATTERN) == (entry.rule.pattern is not None), entry.name


@needs_nmap
def test_every_nmap_script_exists(catalog: Catalog) -> None:
    missing = [entry.name for entry in catalog if entry.app == "nmap" and entry.name not in nmap_categories()]
    assert missing == []


@needs_nmap
def test_no_broadcast_or_external_scripts(catalog: Catalog) -> None:
    outside = [
        entry.name
        for entry in catalog
        if entry.app == "nmap" and nmap_categories()[entry.name] & OUTSIDE_CATEGORIES
    ]
    assert outside == []


DEFAULT_LOGINS = {"mysql-empty-password", "ms-sql-empty-password", "http-default-accounts"}
"""nmap scripts of the `intrusive` category that only try a vendor's default or empty login."""
LOGIN_CATEGORIES = {"intrusive", "auth", "discovery"}


@needs_nmap
def test_intrusive_category_scripts_are_intrusive(catalog: Catalog) -> None:
    """Every script nmap calls intrusive is intrusive here, but for the default-login ones, which
    are of the default-credentials class instead (and never brute, dos, exploit or fuzzer)."""
    unsafe = [
        entry.name
        for entry in catalog
        if entry.app == "nmap"
        and nmap_categories()[entry.name] & INTRUSIVE_CATEGORIES
        and not entry.exploit.intrusive
        and not (entry.exploit.default_credentials and nmap_categories()[entry.name] <= LOGIN_CATEGORIES)
    ]
    assert unsafe == []


def test_default_credential_entries_are_their_own_class(catalog: Catalog) -> None:
    nmap_logins = {e.name for e in catalog if e.app == "nmap" and e.exploit.default_credentials}
    assert nmap_logins == DEFAULT_LOGINS
    for entry in catalog:
        if entry.exploit.default_credentials:
            assert not entry.exploit.intrusive, entry.name
            assert entry.exploit.profiles in ({"advanced"}, set()), entry.name


def test_one_mysql_empty_password_check_runs_in_the_profiles(catalog: Catalog) -> None:
    """nmap's script and Aucote's own probe make the same two logins: only Aucote's is in a profile."""
    profiled = [(e.app, e.id) for e in catalog if e.name == "mysql-empty-password" and e.exploit.profiles]
    assert profiled == [("aucote-exposed", 2500)]


def test_brute_force_stays_intrusive(catalog: Catalog) -> None:
    brute = [entry for entry in catalog if entry.name.endswith("-brute") or entry.app == "hydra"]
    assert brute, "no brute-force entry left to check"
    assert all(entry.exploit.intrusive and not entry.exploit.default_credentials for entry in brute)


@needs_nmap
def test_every_safe_vuln_script_is_covered(catalog: Catalog) -> None:
    names = {entry.name for entry in catalog if entry.app == "nmap"}
    safe_vulns = {
        name
        for name, categories in nmap_categories().items()
        if {"vuln", "safe"} <= categories and not categories & (OUTSIDE_CATEGORIES | INTRUSIVE_CATEGORIES)
    }
    assert safe_vulns - names == set()


@needs_nmap
def test_service_names_are_nmap_names(catalog: Catalog) -> None:
    known = nmap_service_names()
    unknown = [
        (entry.name, service)
        for entry in catalog
        for service in sorted(entry.exploit.services)
        if service not in known
    ]
    assert unknown == []


@needs_nmap
def test_vulns_rule_exactly_for_scripts_reporting_through_the_vulns_library(catalog: Catalog) -> None:
    for entry in catalog:
        if entry.app != "nmap" or entry.rule.kind is RuleKind.PATTERN:
            continue
        reports = "vulns.Report" in (SCRIPTS / f"{entry.name}.nse").read_text(errors="replace")
        assert reports == (entry.rule.kind is RuleKind.VULNS), entry.name
