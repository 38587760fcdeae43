"""Selecting entries for a scanner and matching them to a port (by port number, service, or generic)."""

from ipaddress import IPv4Address

import pytest

from aucote.catalog import (
    Catalog,
    MatchKind,
    PortMatches,
    Switches,
    load_catalog,
    match_port,
    parse_catalog,
    port_matches,
    service_names,
)
from aucote.model.protocol import Protocol
from aucote.model.status import CheckReason
from aucote.model.target import Node, Port, Service

CATALOG = """\
version: 1
exploits:
- {id: 1, app: nmap, name: http-title, title: t, risk_level: None, category: enum,
   services: [http], ports: TCP:80, profiles: [basic, advanced], rule: output}
- {id: 2, app: nmap, name: ssl-cert, title: t, risk_level: None, category: enum,
   services: [ssl, https], ports: TCP:443, profiles: [basic, advanced], rule: output}
- {id: 3, app: nmap, name: http-slowloris-check, title: t, risk_level: Medium, category: vuln,
   services: [http], ports: TCP:80, profiles: [advanced], intrusive: true, rule: vulns}
- {id: 4, app: nmap, name: banner, title: t, risk_level: None, category: enum,
   profiles: [advanced], rule: output}
- {id: 5, app: nmap, name: snmp-info, title: t, risk_level: None, category: enum,
   services: [snmp], ports: UDP:161, profiles: [advanced], rule: output}
- {id: 6, app: nmap, name: dns-zone-transfer, title: t, risk_level: Medium, category: enum,
   services: [domain], ports: TCP:53, profiles: [], rule: output}
- {id: 7, app: nmap, name: http-default-accounts, title: t, risk_level: High, category: credential,
   services: [http], ports: TCP:80, profiles: [advanced], default_credentials: true, rule: output}
- {id: 8, app: nmap, name: mysql-empty-password, title: t, risk_level: High, category: credential,
   services: [mysql], ports: TCP:3306, profiles: [advanced], default_credentials: true, rule: output}
- {id: 2001, app: aucote-http-headers, name: x-frame-options, title: t, risk_level: Medium,
   category: config, services: [http, https], profiles: [advanced], rule: output}
"""


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return parse_catalog(CATALOG, "test.yaml")


def port(
    number: int, name: str | None = None, tunnel: str | None = None, protocol: Protocol = Protocol.TCP
) -> Port:
    service = Service(name=name, tunnel=tunnel) if name else None
    return Port(Node(1, IPv4Address("192.0.2.1")), number, protocol, service)


def matched(catalog: Catalog, target: Port, **options: object) -> dict[int, MatchKind]:
    return {match.exploit.id: match.kind for match in match_port(catalog, target, **options)}  # type: ignore[arg-type]


def test_standard_port_matches_by_port_number(catalog: Catalog) -> None:
    assert matched(catalog, port(80, "http")) == {
        1: MatchKind.PORT,
        4: MatchKind.GENERIC,
        7: MatchKind.PORT,
        2001: MatchKind.SERVICE,
    }


def test_non_standard_port_matches_by_service_and_is_forced(catalog: Catalog) -> None:
    matches = match_port(catalog, port(8081, "http"), profile="basic")
    assert [(match.exploit.id, match.kind, match.forced) for match in matches] == [
        (1, MatchKind.SERVICE, True)
    ]


def test_port_number_matches_without_a_detected_service(catalog: Catalog) -> None:
    assert matched(catalog, port(80), profile="basic") == {1: MatchKind.PORT}


def test_protocol_must_match_too(catalog: Catalog) -> None:
    assert matched(catalog, port(161, protocol=Protocol.UDP), profile="advanced") == {
        4: MatchKind.GENERIC,
        5: MatchKind.PORT,
    }
    assert matched(catalog, port(161, protocol=Protocol.TCP), profile="advanced") == {4: MatchKind.GENERIC}


def test_generic_entry_matches_every_port_and_is_not_forced(catalog: Catalog) -> None:
    matches = match_port(catalog, port(12345, "unknown"), scripts=[4])
    assert [(match.kind, match.forced) for match in matches] == [(MatchKind.GENERIC, False)]


@pytest.mark.parametrize(
    ("name", "tunnel"),
    [("https", None), ("http", "ssl"), ("ssl/http", None), ("HTTP", "SSL")],
)
def test_https_is_http_over_ssl(catalog: Catalog, name: str, tunnel: str | None) -> None:
    assert matched(catalog, port(8443, name, tunnel), profile="basic") == {
        1: MatchKind.SERVICE,
        2: MatchKind.SERVICE,
    }


def test_service_names() -> None:
    assert service_names(None) == frozenset()
    assert service_names(Service(name="ssh")) == {"ssh"}
    assert service_names(Service(name="https")) == {"https", "http", "ssl", "ssl/https", "ssl/http"}
    assert service_names(Service(name="http", tunnel="ssl")) == {
        "http",
        "https",
        "ssl",
        "ssl/http",
        "ssl/https",
    }
    assert service_names(Service(name="ssl/imap")) == {"imap", "ssl", "ssl/imap"}


def test_scripts_narrow_to_exactly_those_ids(catalog: Catalog) -> None:
    assert matched(catalog, port(80, "http"), scripts=[1, 6, 999]) == {1: MatchKind.PORT}
    assert matched(catalog, port(53, "domain"), scripts=[6]) == {6: MatchKind.PORT}


def test_empty_scripts_mean_the_whole_profile(catalog: Catalog) -> None:
    assert matched(catalog, port(80, "http"), profile="basic", scripts=[]) == {1: MatchKind.PORT}
    assert set(matched(catalog, port(80, "http"), profile="advanced", scripts=None)) == {1, 4, 7, 2001}


def test_entries_outside_every_profile_run_only_when_listed(catalog: Catalog) -> None:
    assert 6 not in matched(catalog, port(53, "domain"), profile="advanced")
    assert 6 in matched(catalog, port(53, "domain"))


def test_unknown_profile(catalog: Catalog) -> None:
    with pytest.raises(ValueError, match="unknown profile 'tcp'"):
        match_port(catalog, port(80), profile="tcp")


def test_intrusive_gate(catalog: Catalog) -> None:
    assert 3 not in matched(catalog, port(80, "http"), profile="advanced")
    assert 3 not in matched(catalog, port(80, "http"), scripts=[3])
    assert matched(catalog, port(80, "http"), scripts=[3], allow_intrusive=True) == {3: MatchKind.PORT}


def test_default_credentials_gate(catalog: Catalog) -> None:
    assert 7 in matched(catalog, port(80, "http"), profile="advanced")
    assert 7 not in matched(catalog, port(80, "http"), profile="advanced", allow_default_credentials=False)
    assert 7 not in matched(catalog, port(80, "http"), scripts=[7], allow_default_credentials=False)


def held(matches: PortMatches) -> dict[int, tuple[CheckReason, str]]:
    return {item.exploit.id: (item.hold.reason, item.hold.detail) for item in matches.held}


def test_held_back_entries_that_match_the_port_say_why(catalog: Catalog) -> None:
    off = Switches(intrusive=False, default_credentials=False)
    matches = port_matches(catalog, port(80, "http"), profile="advanced", switches=off)
    assert [match.exploit.id for match in matches.run] == [1, 4, 2001]
    assert held(matches) == {
        3: (CheckReason.INTRUSIVE_DISABLED, "intrusive checks are off (service.scans.intrusive)"),
        7: (
            CheckReason.DEFAULT_CREDENTIALS_DISABLED,
            "default-credential checks are off (service.scans.default_credentials)",
        ),
    }
    assert [item.match.kind for item in matches.held] == [MatchKind.PORT, MatchKind.PORT]


def test_only_entries_matching_the_port_are_held_back(catalog: Catalog) -> None:
    off = Switches(intrusive=False, default_credentials=False)
    ssh = port_matches(catalog, port(22, "ssh"), profile="advanced", switches=off)
    assert held(ssh) == {}
    odd = port_matches(catalog, port(3307, "mysql"), profile="advanced", switches=off)
    assert held(odd) == {8: (CheckReason.DEFAULT_CREDENTIALS_DISABLED, held(odd)[8][1])}
    assert odd.held[0].match.forced


def test_held_back_only_within_the_profile_and_enabled_apps(catalog: Catalog) -> None:
    off = Switches(intrusive=False, default_credentials=False)
    assert held(port_matches(catalog, port(80, "http"), profile="basic", switches=off)) == {}
    headers_only = {"aucote-http-headers": True}
    no_nmap = port_matches(catalog, port(80, "http"), enabled_apps=headers_only, switches=off)
    assert held(no_nmap) == {}
    assert [match.exploit.id for match in no_nmap.run] == [2001]


def test_switches_on_hold_nothing_back(catalog: Catalog) -> None:
    on = Switches(intrusive=True, default_credentials=True)
    matches = port_matches(catalog, port(80, "http"), profile="advanced", switches=on)
    assert matches.held == ()
    assert [match.exploit.id for match in matches.run] == [1, 3, 4, 7, 2001]


def test_by_default_intrusive_is_held_back_and_default_credentials_run(catalog: Catalog) -> None:
    matches = port_matches(catalog, port(80, "http"), scripts=[3, 7])
    assert [match.exploit.id for match in matches.run] == [7]
    assert list(held(matches)) == [3]


def test_disabled_app_by_mapping_and_by_predicate(catalog: Catalog) -> None:
    target = port(80, "http")
    nmap_only = {"nmap": True, "aucote-http-headers": False}
    assert set(matched(catalog, target, enabled_apps=nmap_only)) == {1, 4, 7}
    assert set(matched(catalog, target, enabled_apps={"aucote-http-headers": True})) == {2001}
    assert set(matched(catalog, target, enabled_apps=lambda app: app != "nmap")) == {2001}


def test_results_in_id_order(catalog: Catalog) -> None:
    ids = [match.exploit.id for match in match_port(catalog, port(443, "https"), allow_intrusive=True)]
    assert ids == sorted(ids)


def test_shipped_catalogue_on_an_https_port() -> None:
    shipped = load_catalog()
    standard = {
        match.exploit.name: match for match in match_port(shipped, port(443, "https"), profile="basic")
    }
    assert {"ssl-heartbleed", "ssl-cert", "http-title", "http-vuln-cve2011-3192"} <= set(standard)
    assert not any(match.forced for match in standard.values())
    odd = {
        match.exploit.name: match for match in match_port(shipped, port(9443, "http", "ssl"), profile="basic")
    }
    assert odd["ssl-heartbleed"].forced and odd["http-title"].forced


def test_shipped_catalogue_on_snmp_and_smb() -> None:
    shipped = load_catalog()
    snmp = {match.exploit.id for match in match_port(shipped, port(161, "snmp", protocol=Protocol.UDP))}
    assert set(range(124, 131)) <= snmp
    smb = {match.exploit.name for match in match_port(shipped, port(445, "microsoft-ds"), profile="basic")}
    assert {"smb-vuln-ms17-010", "smb-os-discovery", "smb2-security-mode"} <= smb
