"""Querying a loaded catalogue."""

import pytest

from aucote.catalog import Catalog, CatalogEntry, FindingRule, RuleKind, select_entries
from aucote.model.exploit import Exploit


def entry(exploit_id: int, name: str, *profiles: str, intrusive: bool = False) -> CatalogEntry:
    exploit = Exploit(exploit_id, "nmap", name, profiles=frozenset(profiles), intrusive=intrusive)
    return CatalogEntry(exploit, FindingRule(RuleKind.OUTPUT))


@pytest.fixture
def catalog() -> Catalog:
    return Catalog(
        [entry(7, "ftp-anon", "basic", "advanced"), entry(1, "ssl-poodle", "advanced"), entry(9, "x")]
    )


def test_lookups(catalog: Catalog) -> None:
    assert [item.id for item in catalog] == [1, 7, 9]
    assert len(catalog) == 3 and 7 in catalog and 8 not in catalog
    assert catalog[7].name == "ftp-anon" and catalog.get(8) is None
    assert catalog.find("nmap", "ssl-poodle") is catalog[1]
    assert catalog.find("hydra", "ssl-poodle") is None
    assert [exploit.id for exploit in catalog.exploits] == [1, 7, 9]
    assert catalog.apps == {"nmap"}
    with pytest.raises(KeyError):
        catalog[8]


def test_profiles(catalog: Catalog) -> None:
    assert [item.id for item in catalog.profile("basic")] == [7]
    assert [item.id for item in catalog.profile("advanced")] == [1, 7]
    with pytest.raises(ValueError, match="unknown profile 'expert'"):
        catalog.profile("expert")


def test_unknown_ids(catalog: Catalog) -> None:
    assert catalog.unknown_ids([7, 100, 1, 5]) == (100, 5)


def test_duplicates_are_refused() -> None:
    with pytest.raises(ValueError, match="duplicate exploit 1"):
        Catalog([entry(1, "a"), entry(1, "b")])
    with pytest.raises(ValueError, match="duplicate exploit 2"):
        Catalog([entry(1, "a"), entry(2, "a")])


def test_select_entries(catalog: Catalog) -> None:
    assert [item.id for item in select_entries(catalog)] == [1, 7, 9]
    assert [item.id for item in select_entries(catalog, profile="basic")] == [7]
    assert [item.id for item in select_entries(catalog, profile="basic", scripts=[1, 9])] == [1, 9]
    assert select_entries(catalog, enabled_apps={}) == ()
