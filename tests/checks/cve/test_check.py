"""The CVE check on ports whose service has a CPE, over CVE data imported into a real database."""

import asyncio
import time
from ipaddress import IPv4Address

import pytest
from sqlalchemy import Engine

from aucote.catalog import load_catalog
from aucote.checks.contract import CheckContext, ExploitOutcome, Selected
from aucote.checks.cve.check import CveCheck
from aucote.cve.lookup import CveLookup
from aucote.cve.records import CveCriterion
from aucote.model.exploit import Exploit
from aucote.model.protocol import Protocol
from aucote.model.status import CheckReason, CheckStatus
from aucote.model.target import Node, Port, Service
from aucote.storage.queries.cves import StoredCveLookup
from aucote.storage.repository.cves import replace_cves
from tests.cve.feeds import FEED_11, FEED_20, records

CONTEXT = CheckContext(timeout=10.0)


def cve_by_cpe() -> Selected:
    (entry,) = [entry for entry in load_catalog() if entry.app == "aucote-cve"]
    assert (entry.id, entry.name, entry.generic) == (2400, "cve-by-cpe", True)
    return Selected(entry.exploit)


def port(cpe: str | None) -> Port:
    service = Service(name="http", product="Apache httpd", version="2.4.49", cpe=cpe)
    return Port(Node(1, IPv4Address("127.0.0.1")), 80, Protocol.TCP, service)


def check(lookup: CveLookup, cpe: str | None, context: CheckContext = CONTEXT) -> ExploitOutcome:
    (outcome,) = asyncio.run(CveCheck(lookup).run(port(cpe), [cve_by_cpe()], context))
    assert outcome.exploit_id == 2400
    return outcome


@pytest.fixture
def lookup(engine: Engine) -> StoredCveLookup:
    with engine.begin() as connection:
        replace_cves(connection, records(FEED_11) + records(FEED_20))
    return StoredCveLookup(engine)


def test_apache_2_4_49(lookup: StoredCveLookup) -> None:
    outcome = check(lookup, "cpe:/a:apache:http_server:2.4.49")
    assert outcome.status is CheckStatus.DONE
    assert [(f.subid, f.cve, f.cvss) for f in outcome.findings] == [
        (0, "CVE-2021-42013", 9.8),
        (1, "CVE-2021-41773", 7.5),
    ]
    lines = outcome.findings[1].output.splitlines()
    assert lines[0].startswith(
        "CVE-2021-41773 (CVSS 7.5): A flaw was found in a change made to path normalization"
    )
    assert lines[1:] == [
        "Service CPE: cpe:/a:apache:http_server:2.4.49",
        "Matched NVD criterion: cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*",
    ]


def test_apache_2_4_58_has_none(lookup: StoredCveLookup) -> None:
    outcome = check(lookup, "cpe:/a:apache:http_server:2.4.58")
    assert (outcome.status, outcome.findings) == (CheckStatus.DONE, ())


def test_openssh_range_evidence(lookup: StoredCveLookup) -> None:
    outcome = check(lookup, "cpe:/a:openbsd:openssh:7.4p1")
    (finding,) = outcome.findings
    assert (finding.cve, finding.cvss) == ("CVE-2018-15473", 5.3)
    assert finding.output.endswith(
        "Matched NVD criterion: cpe:2.3:a:openbsd:openssh:*:*:*:*:*:*:*:* (versions up to 7.7)"
    )


def test_long_descriptions_are_cut(lookup: StoredCveLookup) -> None:
    first_line = check(lookup, "cpe:/a:apache:http_server:2.4.49").findings[0].output.splitlines()[0]
    assert len(first_line) == len("CVE-2021-42013 (CVSS 9.8): ") + 400
    assert first_line.endswith("…")


@pytest.mark.parametrize("cpe", [None, ""])
def test_port_without_cpe_is_done_without_findings(cpe: str | None) -> None:
    outcome = check(Unreachable(), cpe)
    assert (outcome.status, outcome.findings, outcome.reason) == (CheckStatus.DONE, (), None)


class Unreachable:
    """A lookup whose database is gone."""

    def matches(self, vendor: str, product: str) -> list[CveCriterion]:
        raise ConnectionError("database unreachable")


class Slow:
    def matches(self, vendor: str, product: str) -> list[CveCriterion]:
        time.sleep(0.5)
        return []


def test_failures_are_outcomes() -> None:
    failed = check(Unreachable(), "cpe:/a:apache:http_server:2.4.49")
    assert (failed.status, failed.reason, failed.detail) == (
        CheckStatus.FAILED,
        CheckReason.CHECK_ERROR,
        "CVE lookup failed: database unreachable",
    )
    unreadable = check(Unreachable(), "apache httpd 2.4.49")
    assert (unreadable.status, unreadable.reason, unreadable.detail) == (
        CheckStatus.FAILED,
        CheckReason.CHECK_ERROR,
        "not a CPE name: 'apache httpd 2.4.49'",
    )
    slow = check(Slow(), "cpe:/a:apache:http_server:2.4.49", CheckContext(timeout=0.1))
    assert (slow.status, slow.reason, slow.detail) == (
        CheckStatus.TIMEOUT,
        CheckReason.TIMEOUT,
        "CVE lookup took longer than 0.1 s",
    )


def test_unknown_exploit() -> None:
    stranger = Selected(Exploit(2499, "aucote-cve", "something-else"))
    outcomes = asyncio.run(CveCheck(Unreachable()).run(port(None), [stranger, cve_by_cpe()], CONTEXT))
    assert [(o.exploit_id, o.status, o.reason, o.detail) for o in outcomes] == [
        (2499, CheckStatus.FAILED, CheckReason.CHECK_ERROR, "aucote-cve has no rule named 'something-else'"),
        (2400, CheckStatus.DONE, None, None),
    ]
