"""The exploit catalogue: Aucote's own data file of checks, and matching of ports to them.

`load_catalog()` reads and validates the shipped `exploits.yaml` (or another file);
`match_port()` picks the entries to run on an open port (`port_matches()` also says which of them a
switch such as `service.scans.intrusive` holds back, and why). The format is described in docs/exploits.md.
"""

from aucote.catalog.catalog import Catalog
from aucote.catalog.entry import AUCOTE_IDS, CATEGORIES, PROFILES, CatalogEntry, ReservedId
from aucote.catalog.errors import CatalogError
from aucote.catalog.loader import load_catalog, parse_catalog
from aucote.catalog.matching import (
    HeldBack,
    MatchedExploit,
    MatchKind,
    PortMatches,
    match_entries,
    match_port,
    port_matches,
    service_names,
)
from aucote.catalog.ports import format_ports, parse_ports
from aucote.catalog.rule import VULNERABLE_STATES, FindingRule, RuleKind
from aucote.catalog.selection import AppFilter, Hold, Switches, candidate_entries, hold_of, select_entries

__all__ = [
    "AUCOTE_IDS",
    "CATEGORIES",
    "PROFILES",
    "VULNERABLE_STATES",
    "AppFilter",
    "Catalog",
    "CatalogEntry",
    "CatalogError",
    "FindingRule",
    "HeldBack",
    "Hold",
    "MatchKind",
    "MatchedExploit",
    "PortMatches",
    "ReservedId",
    "RuleKind",
    "Switches",
    "candidate_entries",
    "format_ports",
    "hold_of",
    "load_catalog",
    "match_entries",
    "match_port",
    "parse_catalog",
    "parse_ports",
    "port_matches",
    "select_entries",
    "service_names",
]
