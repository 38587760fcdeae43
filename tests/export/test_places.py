"""How an export names ports and findings: URIs, labels, identities, CVE lists, levels."""

import pytest

from aucote.export.places import port_identity, port_label, port_uri, protocol_name
from aucote.export.scores import DEFECTDOJO_SEVERITIES, SARIF_LEVELS, cve_list
from aucote.model.status import RiskLevel
from aucote.storage.queries.finding_rows import PortRef


@pytest.mark.parametrize(
    ("place", "uri", "label", "identity"),
    [
        (PortRef(1, "10.0.0.1", 443, 6), "tcp://10.0.0.1:443", "10.0.0.1:443/TCP", "10.0.0.1/tcp/443"),
        (
            PortRef(2, "2001:db8::1", 53, 17),
            "udp://[2001:db8::1]:53",
            "[2001:db8::1]:53/UDP",
            "2001:db8::1/udp/53",
        ),
        (
            PortRef(3, "10.0.0.3", 2905, 132),
            "sctp://10.0.0.3:2905",
            "10.0.0.3:2905/SCTP",
            "10.0.0.3/sctp/2905",
        ),
    ],
)
def test_a_port_is_named(place: PortRef, uri: str, label: str, identity: str) -> None:
    assert (port_uri(place), port_label(place), port_identity(place)) == (uri, label, identity)


def test_an_unknown_protocol_is_its_number() -> None:
    assert protocol_name(47) == "47"


@pytest.mark.parametrize(
    ("stored", "listed"),
    [(None, []), ("", []), ("CVE-2011-3192", ["CVE-2011-3192"]), ("CVE-1, CVE-2,", ["CVE-1", "CVE-2"])],
)
def test_cve_lists(stored: str | None, listed: list[str]) -> None:
    assert cve_list(stored) == listed


def test_every_risk_has_a_level_and_a_severity() -> None:
    assert set(SARIF_LEVELS) == set(RiskLevel) == set(DEFECTDOJO_SEVERITIES)
    assert set(SARIF_LEVELS.values()) <= {"none", "note", "warning", "error"}
    assert set(DEFECTDOJO_SEVERITIES.values()) <= {"Info", "Low", "Medium", "High", "Critical"}
