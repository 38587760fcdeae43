"""The catalogue entries of aucote-tls and the rules of the check are the same set."""

from aucote.catalog import RuleKind, load_catalog
from aucote.checks.tls.check import TlsCheck
from aucote.checks.tls.rules import RULES


def test_every_entry_has_a_rule_and_every_rule_an_entry() -> None:
    entries = [entry for entry in load_catalog() if entry.app == TlsCheck.app]
    assert sorted(entry.name for entry in entries) == sorted(RULES)


def test_entries_are_safe_output_rules_in_the_tls_range() -> None:
    for entry in load_catalog():
        if entry.app != "aucote-tls":
            continue
        exploit = entry.exploit
        assert 2000 <= exploit.id <= 2099, exploit.name
        assert entry.rule.kind is RuleKind.OUTPUT, exploit.name
        assert not exploit.intrusive, exploit.name
        assert {"https", "ssl", "smtp", "imap", "pop3", "ftp", "ldap", "xmpp"} <= exploit.services
        assert exploit.title and exploit.description, exploit.name
        assert "advanced" in exploit.profiles, exploit.name


def test_cves_of_the_known_attacks() -> None:
    by_name = {entry.name: entry.exploit for entry in load_catalog() if entry.app == "aucote-tls"}
    assert by_name["heartbleed"].cve == ("CVE-2014-0160",)
    assert by_name["ccs-injection"].cve == ("CVE-2014-0224",)
    assert by_name["robot"].cve == ("CVE-2017-13099",)
    assert by_name["sslv3-offered"].cve == ("CVE-2014-3566",)
