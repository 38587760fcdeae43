"""SARIF 2.1.0: one run whose tool.driver is Aucote, with one rule per exploit used (open ports:
one rule, `aucote/open-port`). A result names its rule (ruleId, ruleIndex), a level from the risk
(High error, Medium warning, Low note; informational output: kind informational, level none), a
message, the port as location URI (`tcp://10.12.2.175:5985`) and a partial fingerprint that is the
same in every scan, so consumers can match results across exports.

The results are streamed before the rules: a run's keys are written `results` first and `tool`
last (JSON objects are unordered), so the rules are collected while the rows go by and the whole
log never sits in memory; only the rules used do (one per exploit, bounded by the catalogue)."""

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict
from functools import lru_cache
from typing import NamedTuple

from aucote.export.batch_parts import BatchParts
from aucote.export.json_text import inner, text
from aucote.export.places import PROTOCOLS, port_identity, port_label, port_uri, protocol_names
from aucote.export.scores import SARIF_LEVELS, cve_list
from aucote.export.tool import NAME, tool_version
from aucote.model.finding import Scoring
from aucote.model.status import RiskLevel
from aucote.model.times import human
from aucote.storage.queries.finding_rows import ExploitInfo, FindingRecord, PortRef
from aucote.storage.queries.open_ports import HostRecord

Json = dict[str, object]
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
ENCODER = json.JSONEncoder(ensure_ascii=False)
OPEN_PORT_ID = "aucote/open-port"
OPEN_PORT: dict[str, object] = {
    "id": OPEN_PORT_ID,
    "name": "open-port",
    "shortDescription": {"text": "Open port"},
    "fullDescription": {"text": "A port Aucote found open, with the newest service detected on it."},
    "defaultConfiguration": {"level": "none"},
}


class Rules:
    """The rules of the run, in the order results first used them."""

    def __init__(self) -> None:
        self.rules: list[Json] = []
        self.index: dict[str, int] = {}

    def index_of(self, rule_id: str, rule: Callable[[], Json]) -> int:
        """The rule's index, adding it (made by `rule`) on first use."""
        found = self.index.get(rule_id)
        if found is None:
            found = self.index[rule_id] = len(self.rules)
            self.rules.append(rule())
        return found


def findings(batches: Iterable[Sequence[FindingRecord]]) -> Iterator[str]:
    """The log of the findings."""
    rules = Rules()
    results = FindingResults(rules)
    return log((results.batch(batch) for batch in batches), rules)


def hosts(batches: Iterable[Sequence[HostRecord]]) -> Iterator[str]:
    """The log of the open ports (informational results)."""
    rules = Rules()
    return log(([ENCODER.encode(host_result(record, rules)) for record in batch] for batch in batches), rules)


def log(chunks: Iterable[list[str]], rules: Rules) -> Iterator[str]:
    """The SARIF log: header, results (encoded) a chunk at a time, then the tool with the rules used."""
    yield f'{{"version": "2.1.0", "$schema": "{SCHEMA}", "runs": [{{"results": ['
    separator = "\n"
    for results in chunks:
        yield separator + ",\n".join(results)
        separator = ",\n"
    driver = {"name": NAME, "version": tool_version(), "rules": rules.rules}
    yield "\n], " + ENCODER.encode({"tool": {"driver": driver}})[1:] + "]}\n"


def location(place: PortRef) -> list[Json]:
    """The port as the result's one location."""
    return [{"physicalLocation": {"artifactLocation": {"uri": port_uri(place)}}}]


class Scored(NamedTuple):
    """What a result writes of its scoring: the level (and the informational kind) after the rule,
    the properties (risk, CVE list, CVSS) among the others."""

    scoring: Scoring
    level: str
    properties: str


class FindingResults(BatchParts[Scored]):
    """Findings encoded as results by one f-string each (a million of them: a dict and json.dumps
    each take four times as long), noting in `rules` the rules they use.

    What repeats is encoded once and kept: per exploit the rule's part and the message's start (its
    title), per scoring its level and properties, per scan its id and scanner, per address its
    escaped forms; the row's own parts (port, id, times, output) are written into the f-string.
    JSON escaping works character by character, so an escaped text joined from escaped parts is
    the escaped whole: the bytes are those of `json.dumps` of the result (tests/export/test_sarif.py
    compares them). The scorings, scans and addresses are forgotten after each batch (memory stays
    one batch's); the exploits' parts stay (bounded by the catalogue)."""

    def __init__(self, rules: Rules) -> None:
        super().__init__()
        self.rules = rules

    def encode(self, record: FindingRecord) -> str:
        """One finding's result (this runs for every row: each part is a dictionary's look-up)."""
        exploit, scoring, port = record.exploit, record.scoring, record.port
        rule, title, rule_id = self.exploits.get(exploit.id) or self._exploit(exploit)
        scored = self.scorings.get(id(scoring)) or self._scored(scoring)
        host, address = self.addresses.get(record.ip) or self._address(record.ip)
        protocol, scheme = PROTOCOLS.get(record.protocol) or protocol_names(record.protocol)
        scan = self.scans.get((record.scan_id, record.scanner)) or self._scan(record.scan_id, record.scanner)
        expiry = record.expiration_time
        expired = "null" if expiry is None else f'"{self.times.text(expiry)}"'
        return (
            f'{rule}{scored.level}, "message": {{"text": "{title}{host}:{port}/{protocol}"}}, '
            f'"locations": [{{"physicalLocation": {{"artifactLocation": '
            f'{{"uri": "{scheme}://{host}:{port}"}}}}}}], "partialFingerprints": '
            f'{{"aucoteFinding/v1": "{address}/{scheme}/{port}/{rule_id}/{record.subid}"}}, '
            f'"properties": {{"vulnerability_id": {record.id:d}, {scored.properties}, '
            f'"time": "{self.times.text(record.time)}", "expired": {expired}, {scan}, '
            f'"output": {text(record.output)}}}}}'
        )

    def _exploit(self, exploit: ExploitInfo) -> tuple[str, str, str]:
        """`{"ruleId": …, "ruleIndex": …, `, the message's start (`<title> on `) and the rule id,
        escaped, once per exploit (adding its rule to the run's)."""
        index = self.rules.index_of(exploit.rule_id, lambda: exploit_rule(exploit))
        rule = f'{{"ruleId": {text(exploit.rule_id)}, "ruleIndex": {index}, '
        found = self.exploits[exploit.id] = (rule, f"{inner(exploit.label)} on ", inner(exploit.rule_id))
        return found

    def _scored(self, scoring: Scoring) -> Scored:
        """A scoring's parts, kept by its identity (a batch's records share equal scorings,
        finding_rows._read; kept with them, the scoring keeps its identity its own)."""
        risk = scoring.risk_level
        kind = "" if risk is not RiskLevel.NONE else ', "kind": "informational"'
        cvss = "null" if scoring.cvss is None else repr(float(scoring.cvss))
        properties = f'"risk_level": "{risk.value}", "cve": {cves(scoring.cve)}, "cvss": {cvss}'
        level = f'"level": "{SARIF_LEVELS[risk]}"{kind}'
        found = self.scorings[id(scoring)] = Scored(scoring, level, properties)
        return found

    def _scan(self, scan_id: int, scanner: str) -> str:
        """`"scan_id": …, "scanner": …`."""
        found = self.scans[(scan_id, scanner)] = f'"scan_id": {scan_id:d}, "scanner": {text(scanner)}'
        return found


@lru_cache(maxsize=4096)
def cves(cve: str | None) -> str:
    """The stored CVE list as a JSON array (shared: the same lists repeat)."""
    return ENCODER.encode(cve_list(cve))


def exploit_rule(exploit: ExploitInfo) -> Json:
    """The rule of an exploit: its title, description, default level and catalogue data."""
    rule: Json = {"id": exploit.rule_id, "name": exploit.name, "shortDescription": {"text": exploit.label}}
    if exploit.description:
        rule["fullDescription"] = {"text": exploit.description}
    risk = RiskLevel(exploit.risk_level)
    rule["defaultConfiguration"] = {"level": SARIF_LEVELS[risk]}
    properties: Json = {"exploit_id": exploit.id, "app": exploit.app, "risk_level": risk.value}
    if exploit.cvss:
        properties["security-severity"] = f"{exploit.cvss:.1f}"
    rule["properties"] = {**properties, "tags": ["security", exploit.category]}
    return rule


def host_result(record: HostRecord, rules: Rules) -> Json:
    """One open port as an informational result."""
    service = record.service
    described = (
        "" if service is None else " ".join(p for p in (service.name, service.product, service.version) if p)
    )
    properties: Json = {
        "service": None if service is None else asdict(service),
        "first_seen": human(record.first_seen),
        "last_seen": human(record.last_seen),
        "times_seen": record.seen,
        "last_scan_id": record.scan_id,
        "last_scanner": record.scanner,
    }  # fmt: skip
    return {
        "ruleId": OPEN_PORT_ID,
        "ruleIndex": rules.index_of(OPEN_PORT_ID, lambda: OPEN_PORT),
        "kind": "informational",
        "level": "none",
        "message": {"text": f"{port_label(record.place)} open" + (f": {described}" if described else "")},
        "locations": location(record.place),
        "partialFingerprints": {"aucotePort/v1": port_identity(record.place)},
        "properties": properties,
    }
