"""CSV exports: whole files for the seed, formula-injection safety on hostile content, and the
file read back by the csv module and compared cell by cell."""

import csv
import io

import pytest
from sqlalchemy import Engine

from aucote.export import exports
from aucote.export.csv_format import safe
from aucote.model.export import ExportFormat
from aucote.storage.queries.port_scans import PortScanFilter
from aucote.storage.queries.targets import TargetFilter
from aucote.storage.queries.vulnerabilities import VulnerabilityFilter
from tests.export.hostile_rows import BANNER, FORMULA_PRODUCT, FORMULA_TITLE, QUOTED

# The format of the rows is the same on both backends; the export queries run on PostgreSQL in
# tests/export/test_findings.py and tests/export/test_hosts.py.
pytestmark = pytest.mark.backends("sqlite")

HEADER = (
    "id,ip,port,protocol,node_id,exploit_id,exploit_app,exploit_name,title,risk_level,cve,cvss,time,"
    "expired,scan_id,scanner,output\r\n"
)
LONG = "VULNERABLE:\n  Apache byterange filter DoS\n" + "x" * 120
SEED_FINDINGS = HEADER + (
    "500,10.12.2.175,5985,TCP,86,72,nmap,http-vuln-cve2011-3192,Apache byterange filter DoS,High,"
    "CVE-2011-3192,7.8,2017-10-20T12:48:07+00:00,2017-10-20T12:59:55.823977+00:00,931,tools_basic,VULNERABLE\r\n"
    "501,10.12.2.175,5985,TCP,86,72,nmap,http-vuln-cve2011-3192,Apache byterange filter DoS,High,"
    f'CVE-2011-3192,7.8,2017-10-20T13:17:02+00:00,,942,tools_advanced,"{LONG}"\r\n'
    "502,10.12.2.175,5985,TCP,86,71,nmap,http-vuln-cve2010-2861,ColdFusion directory traversal,Medium,"
    ",,2017-10-20T13:17:02.500000+00:00,,942,tools_advanced,maybe\r\n"
    "601,10.12.2.176,8107,TCP,87,140,aucote-http-headers,x-frame-options,Missing X-Frame-Options,Low,"
    ",,2017-10-20T13:00:12+00:00,,942,tools_advanced,X-Frame-Options: missing\r\n"
)
SEED_HOSTS = (
    "ip,port,protocol,node_id,service_name,service_product,service_version,service_cpe,service_banner,"
    "first_seen,last_seen,times_seen,last_scan_id,last_scanner\r\n"
    "10.12.2.175,5985,TCP,86,http,Microsoft HTTPAPI httpd,2.0,cpe:/o:microsoft:windows,,"
    "2017-10-20T12:38:20+00:00,2017-10-20T13:28:20+00:00,2,950,tcp\r\n"
    "10.12.2.176,80,TCP,87,,,,,,2017-10-20T12:40:00.500000+00:00,2017-10-20T12:40:00.500000+00:00,1,930,tcp\r\n"
)


def text(chunks: object) -> str:
    assert not isinstance(chunks, str)
    return "".join(chunks)  # type: ignore[arg-type]


def test_findings_of_the_seed(seeded_db: Engine) -> None:
    """Informational output (finding 600, risk None) is left out; the rest in insertion order."""
    assert text(exports.findings(seeded_db, VulnerabilityFilter(), ExportFormat.CSV)) == SEED_FINDINGS


def test_hosts_of_the_seed(seeded_db: Engine) -> None:
    """Port 5985 of node 86 once, seen by scans 930 and 950: the newest scan (950, no service
    detected in it) and the newest detected service (930's)."""
    assert text(exports.hosts(seeded_db, PortScanFilter(), ExportFormat.CSV)) == SEED_HOSTS


def test_an_export_with_no_rows_is_the_header(seeded_db: Engine) -> None:
    where = VulnerabilityFilter(TargetFilter(node_id=12345))
    assert text(exports.findings(seeded_db, where, ExportFormat.CSV)) == HEADER


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=1", "a=1"),
        ("", ""),
        (" =1", " =1"),
        (None, None),
        (-1, -1),
        (7.8, 7.8),
    ],
)
def test_formula_cells_are_quoted(cell: object, written: object) -> None:
    assert safe(cell) == written  # type: ignore[arg-type]


def test_hostile_findings_read_back_as_text(hostile: Engine) -> None:
    rows = list(
        csv.DictReader(io.StringIO(text(exports.findings(hostile, VulnerabilityFilter(), ExportFormat.CSV))))
    )
    assert [row["output"] for row in rows] == ["'+1+1", "'" + QUOTED, "'@SUM(A1)", "'\tTAB", "'\rCR"]
    assert rows[0]["title"] == "'" + FORMULA_TITLE
    assert [row["ip"] for row in rows] == [
        "198.18.0.1",
        "198.18.0.1",
        "2001:db8::1",
        "2001:db8::1",
        "2001:db8::1",
    ]
    assert [row["protocol"] for row in rows] == ["TCP", "TCP", "UDP", "UDP", "UDP"]
    assert (rows[1]["cve"], rows[1]["cvss"], rows[1]["risk_level"]) == (
        "CVE-2021-41773,CVE-2021-42013",
        "9.8",
        "High",
    )


def test_no_cell_of_a_hostile_export_starts_a_formula(hostile: Engine) -> None:
    for chunks in (
        exports.findings(hostile, VulnerabilityFilter(), ExportFormat.CSV),
        exports.hosts(hostile, PortScanFilter(), ExportFormat.CSV),
    ):
        cells = [cell for row in csv.reader(io.StringIO(text(chunks))) for cell in row]
        assert cells
        assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_hostile_hosts_read_back_as_text(hostile: Engine) -> None:
    rows = list(csv.DictReader(io.StringIO(text(exports.hosts(hostile, PortScanFilter(), ExportFormat.CSV)))))
    assert [(row["ip"], row["port"], row["protocol"]) for row in rows] == [
        ("198.18.0.1", "443", "TCP"),
        ("2001:db8::1", "53", "UDP"),
    ]
    assert (rows[0]["service_product"], rows[0]["service_banner"]) == ("'" + FORMULA_PRODUCT, BANNER)
