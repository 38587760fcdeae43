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
from json.encoder import encode_basestring

from aucote.export.iso_times import IsoTimes
from aucote.export.places import PROTOCOL_NAMES, port_identity, port_label, port_uri
from aucote.export.scores import SARIF_LEVELS, cve_list
from aucote.export.tool import NAME, tool_version
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


FINDING = (
    '{%s, "message": {"text": %s}, '
    '"locations": [{"physicalLocation": {"artifactLocation": {"uri": %s}}}], '
    '"partialFingerprints": {"aucoteFinding/v1": %s}, '
    '"properties": {"vulnerability_id": %d, "risk_level": "%s", "cve": %s, "cvss": %s, "time": "%s", '
    '"expired": %s, "scan_id": %d, "scanner": %s, "output": %s}}'
)
"""A finding's result as `json` would write it: the rule's part (once per exploit and risk), then
the parts that vary, texts through the JSON encoder."""


class FindingResults:
    """Findings encoded as results through one template (a million of them: a dict and json.dumps
    each take four times as long), noting in `rules` the rules they use."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.heads: dict[tuple[int, RiskLevel], str] = {}
        self.times = IsoTimes()

    def batch(self, records: Sequence[FindingRecord]) -> list[str]:
        """A batch's results (the times formatted a second at a time, forgotten after it)."""
        encoded = [self.encode(record) for record in records]
        self.times.forget()
        return encoded

    def encode(self, record: FindingRecord) -> str:
        """One finding's result (the port's names made here, inline: this runs for every row)."""
        exploit, scoring, ip, port = record.exploit, record.scoring, record.ip, record.port
        head = self.heads.get((exploit.id, scoring.risk_level)) or self._head(exploit, scoring.risk_level)
        protocol = PROTOCOL_NAMES.get(record.protocol) or str(record.protocol)
        scheme, host = protocol.lower(), f"[{ip}]" if ":" in ip else ip
        expired = record.expiration_time
        return FINDING % (
            head,
            text(f"{exploit.label} on {host}:{port}/{protocol}"),
            text(f"{scheme}://{host}:{port}"),
            text(f"{ip}/{scheme}/{port}/{exploit.rule_id}/{record.subid}"),
            record.id,
            scoring.risk_level.value,
            cves(scoring.cve),
            "null" if scoring.cvss is None else repr(float(scoring.cvss)),
            self.times.text(record.time),
            "null" if expired is None else f'"{self.times.text(expired)}"',
            record.scan_id,
            text(record.scanner),
            text(record.output),
        )

    def _head(self, exploit: ExploitInfo, risk: RiskLevel) -> str:
        """`"ruleId": …, "ruleIndex": …, "level": …` (and the informational kind), once per exploit
        and risk."""
        index = self.rules.index_of(exploit.rule_id, lambda: exploit_rule(exploit))
        kind = "" if risk is not RiskLevel.NONE else ', "kind": "informational"'
        head = (
            f'"ruleId": {text(exploit.rule_id)}, "ruleIndex": {index}, "level": "{SARIF_LEVELS[risk]}"{kind}'
        )
        self.heads[(exploit.id, risk)] = head
        return head


text = encode_basestring
"""A JSON string (the json module's own encoder of strings, as `ensure_ascii=False` writes them)."""


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
