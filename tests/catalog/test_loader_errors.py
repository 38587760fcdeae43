"""A bad catalogue file is refused with messages naming the file, the entry and the field."""

from pathlib import Path

import pytest

from aucote.catalog import CatalogError, load_catalog

GOOD = """\
- id: 72
  app: nmap
  name: http-vuln-cve2011-3192
  title: Apache byterange filter DoS
  risk_level: Medium
  category: vuln
  services: [http]
  ports: TCP:80,443
  profiles: [basic, advanced]
  rule: vulns
"""


def write(tmp_path: Path, exploits: str, extra: str = "") -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(f"version: 1\nexploits:\n{exploits}{extra}", encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    assert str(caught.value) == "\n".join(caught.value.problems)
    return list(caught.value.problems)


def test_a_good_file_loads(tmp_path: Path) -> None:
    catalog = load_catalog(write(tmp_path, GOOD))
    assert [entry.name for entry in catalog] == ["http-vuln-cve2011-3192"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "TCP:80,443",
            "TCP:99999",
            "exploit 72: ports: bad port spec 'TCP:99999' (port out of range 1-65535)",
        ),
        ("TCP:80,443", "80", "exploit 72: ports: bad port spec '80' (no protocol"),
        ("TCP:80,443", "ICMP:1", "exploit 72: ports: bad port spec 'ICMP:1' (unknown protocol 'ICMP')"),
        ("TCP:80,443", "{tcp: 80}", "exploit 72: ports: expected a port spec like 'TCP:80,443,UDP:53'"),
        (
            "TCP:80,443",
            "TCP:90-80",
            "exploit 72: ports: bad port spec 'TCP:90-80' (range end before its start)",
        ),
        ("risk_level: Medium", "risk_level: Critical", "exploit 72: risk_level: Input should be 'None'"),
        ("[basic, advanced]", "[expert]", "exploit 72: profiles: unknown profile 'expert'"),
        ("[basic, advanced]", "[basic]", "exploit 72: profiles: a 'basic' entry must also be in 'advanced'"),
        (
            "rule: vulns",
            "rule: sometimes",
            "exploit 72: rule: Input should be 'vulns', 'output' or 'pattern'",
        ),
        ("rule: vulns", "rule: pattern", "exploit 72: pattern: required when rule is 'pattern'"),
        ("rule: vulns", "rule: pattern\n  pattern: '(oops'", "exploit 72: pattern: bad regular expression"),
        (
            "rule: vulns",
            "rule: output\n  pattern: x",
            "exploit 72: pattern: only allowed when rule is 'pattern'",
        ),
        (
            "services: [http]",
            "services: [web server]",
            "exploit 72: services[0]: bad service name 'web server'",
        ),
        ("category: vuln", "category: scary", "exploit 72: category: unknown category 'scary'"),
        ("category: vuln", "category: vuln\n  cve: [CVE-2011]", "exploit 72: cve[0]: bad CVE id 'CVE-2011'"),
        (
            "category: vuln",
            "category: vuln\n  cvss: 12",
            "exploit 72: cvss: Input should be less than or equal to 10",
        ),
        (
            "category: vuln",
            "category: vuln\n  cvss: high",
            "exploit 72: cvss: expected a number from 0 to 10",
        ),
        ("category: vuln", "category: vuln\n  colour: red", "exploit 72: colour: unknown field"),
        ("  title: Apache byterange filter DoS\n", "", "exploit 72: title: required field is missing"),
        ("app: nmap", "app: Nmap", "exploit 72: app: bad app name 'Nmap'"),
        ("id: 72", "id: '72'", "exploit entry #1: id: Input should be a valid integer"),
        ("id: 72", "id: 2001", "exploit 2001: id: ids 2000-2999 are reserved for aucote-* apps, not 'nmap'"),
    ],
)
def test_each_field_error_names_file_entry_and_field(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new))
    found = problems(path)
    assert any(problem.startswith(f"{path}: {expected}") for problem in found), found


def test_duplicate_id(tmp_path: Path) -> None:
    other = GOOD.replace("http-vuln-cve2011-3192", "http-title")
    assert f"{tmp_path / 'bad.yaml'}: exploit 72: id: duplicate id (also entry #1)" in problems(
        write(tmp_path, GOOD + other)
    )


def test_duplicate_app_and_name(tmp_path: Path) -> None:
    other = GOOD.replace("id: 72", "id: 1072")
    found = problems(write(tmp_path, GOOD + other))
    assert found == [
        f"{tmp_path / 'bad.yaml'}: exploit 1072: name: nmap 'http-vuln-cve2011-3192' is already exploit 72"
    ]


def test_intrusive_entry_in_basic(tmp_path: Path) -> None:
    found = problems(write(tmp_path, GOOD.replace("rule: vulns", "rule: vulns\n  intrusive: true")))
    assert found == [
        f"{tmp_path / 'bad.yaml'}: exploit 72: profiles: an intrusive entry cannot be in 'basic'"
    ]


def test_default_credentials_entry_is_not_intrusive(tmp_path: Path) -> None:
    both = "rule: vulns\n  intrusive: true\n  default_credentials: true"
    advanced_only = GOOD.replace("[basic, advanced]", "[advanced]")
    found = problems(write(tmp_path, advanced_only.replace("rule: vulns", both)))
    assert found == [
        f"{tmp_path / 'bad.yaml'}: exploit 72: default_credentials: an entry is default-credential or"
        " intrusive, not both"
    ]


def test_reserved_id_cannot_be_used(tmp_path: Path) -> None:
    found = problems(write(tmp_path, GOOD, "reserved:\n- {id: 72, reason: replaced by 1072}\n"))
    assert found == [
        f"{tmp_path / 'bad.yaml'}: exploit 72: id: id 72 is reserved (replaced by 1072); "
        "a re-implementation of that check takes it by removing it from 'reserved'"
    ]


def test_reserved_id_listed_twice(tmp_path: Path) -> None:
    found = problems(write(tmp_path, GOOD, "reserved:\n- {id: 9, reason: a}\n- {id: 9, reason: b}\n"))
    assert found == [f"{tmp_path / 'bad.yaml'}: reserved 9: id: listed twice"]


def test_every_bad_entry_is_reported(tmp_path: Path) -> None:
    second = GOOD.replace("id: 72", "id: 73").replace("http-vuln-cve2011-3192", "x").replace("Medium", "Big")
    found = problems(write(tmp_path, GOOD.replace("TCP:80,443", "TCP:0") + second))
    assert [problem.split(": ")[1:3] for problem in found] == [
        ["exploit 72", "ports"],
        ["exploit 73", "risk_level"],
    ]


def test_entry_that_is_not_a_mapping(tmp_path: Path) -> None:
    found = problems(write(tmp_path, "- just a string\n"))
    assert found == [f"{tmp_path / 'bad.yaml'}: exploit entry #1: expected a mapping of fields, got str"]


def test_repeated_key_is_an_error_not_last_wins(tmp_path: Path) -> None:
    found = problems(write(tmp_path, GOOD.replace("rule: vulns", "rule: vulns\n  ports: TCP:8080")))
    assert found == [f"{tmp_path / 'bad.yaml'}: invalid YAML: line 13: duplicate key 'ports'"]


def test_invalid_yaml(tmp_path: Path) -> None:
    found = problems(write(tmp_path, "- [unclosed\n"))
    assert found[0].startswith(f"{tmp_path / 'bad.yaml'}: invalid YAML: line ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- 1\n", "expected a mapping with 'version' and 'exploits'"),
        ("version: 2\nexploits: []\n", "version: Input should be less than or equal to 1"),
        ("version: 1\n", "exploits: required field is missing"),
        ("version: 1\nexploits: []\nextras: 1\n", "extras: unknown field"),
    ],
)
def test_top_level_errors(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    assert problems(path)[0].startswith(f"{path}: {expected}")


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.yaml"
    assert problems(path)[0].startswith(f"{path}: cannot read the file")


def test_definitions_section_is_ignored_but_its_anchors_work(tmp_path: Path) -> None:
    path = tmp_path / "anchors.yaml"
    path.write_text(
        "version: 1\ndefinitions:\n  web: &web [http, https]\nexploits:\n"
        + GOOD.replace("services: [http]", "services: *web"),
        encoding="utf-8",
    )
    assert load_catalog(path)[72].exploit.services == {"http", "https"}
