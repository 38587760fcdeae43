"""The catalogue entries of the external tools: the original's ids taken back from `reserved`."""

import pytest

from aucote.checks.external import HydraCheck, TestsslCheck, WhatwebCheck
from aucote.checks.external.settings import DEFAULT_DISABLED_SERVICES
from aucote.model.status import RiskLevel
from aucote.tools.hydra.services import hydra_module
from tests.checks.external.support import catalog


@pytest.mark.parametrize(("exploit_id", "app"), [(31, "hydra"), (170, "testssl"), (172, "whatweb")])
def test_original_ids(exploit_id: int, app: str) -> None:
    entry = catalog()[exploit_id]
    assert (entry.app, entry.name) == (app, app)
    assert exploit_id not in {item.id for item in catalog().reserved}


def test_check_apps_match_the_entries() -> None:
    assert (HydraCheck.app, TestsslCheck.app, WhatwebCheck.app) == ("hydra", "testssl", "whatweb")


def test_risks_categories_and_profiles() -> None:
    hydra, testssl, whatweb = (catalog()[i].exploit for i in (31, 170, 172))
    assert (hydra.risk_level, hydra.category, hydra.intrusive) == (RiskLevel.HIGH, "credential", True)
    assert hydra.profiles == {"advanced"}
    assert (testssl.risk_level, testssl.category, testssl.intrusive) == (RiskLevel.MEDIUM, "vuln", False)
    assert testssl.profiles == {"advanced"}
    assert (whatweb.risk_level, whatweb.category, whatweb.intrusive) == (RiskLevel.NONE, "enum", False)
    assert whatweb.profiles == {"basic", "advanced"}


def test_every_hydra_service_has_a_module() -> None:
    services = catalog()[31].exploit.services
    assert services >= DEFAULT_DISABLED_SERVICES
    assert [name for name in sorted(services) if hydra_module(name) is None] == []


def test_testssl_covers_the_originals_services() -> None:
    original = {"https", "ftp", "smtp", "pop3", "imap", "xmpp", "telnet", "ldap"}
    assert original | {"ssl"} <= catalog()[170].exploit.services
