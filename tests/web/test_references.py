"""A finding's references: well-formed CVE ids once each, an nmap script's NSE page."""

from aucote.web.references import Reference, cve_ids, references


def test_references_of_an_nmap_finding() -> None:
    assert references("nmap", "http-vuln-cve2011-3192", "CVE-2011-3192, cve-2011-3192,BID-1") == [
        Reference("CVE-2011-3192", "https://nvd.nist.gov/vuln/detail/CVE-2011-3192"),
        Reference(
            "nmap script http-vuln-cve2011-3192",
            "https://nmap.org/nsedoc/scripts/http-vuln-cve2011-3192.html",
        ),
    ]


def test_no_reference_from_hostile_text() -> None:
    assert references("aucote-tls", "heartbleed", None) == []
    assert references("nmap", "../../x", "<script>,CVE-1-2") == []
    assert cve_ids("CVE-2021-44228,CVE-2021-45046") == ["CVE-2021-44228", "CVE-2021-45046"]
