"""DefectDojo's Generic Findings Import, JSON form: `{"name", "type", "version", "description",
"dynamic_tool", "static_tool", "findings": [...]}`, the findings streamed last. Each finding has
DefectDojo's required keys (title, description, severity) and only keys its parser allows: date,
cve (the first CVE; all of them are in references), cvssv3_score (Aucote keeps one CVSS score,
without its version), active / is_mitigated / mitigated (an expired finding is mitigated at its
expiration time), unique_id_from_tool (the same exploit on the same port in every scan, so
re-imports match), vuln_id_from_tool (the exploit), endpoints (`tcp://10.12.2.175:5985`).

The title is the exploit's, not the host's: DefectDojo groups one issue on many hosts by it. The
description (the exploit's, and the port) is the same in every scan that reports the finding, so
a deduplication hashing title and description (DefectDojo's legacy hash) matches re-imports, as
does one on unique_id_from_tool; the scan, its time and the check's output go in
steps_to_reproduce. Open ports (the hosts export) are Info
findings titled "Open port 443/TCP"."""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import astuple
from datetime import UTC, datetime
from typing import NamedTuple

from aucote.export.batch_parts import BatchParts
from aucote.export.json_format import ENCODER, lines
from aucote.export.json_text import inner, text
from aucote.export.places import (
    PROTOCOLS,
    port_identity,
    port_label,
    port_uri,
    protocol_name,
    protocol_names,
)
from aucote.export.scores import DEFECTDOJO_SEVERITIES, cve_list
from aucote.export.tool import NAME, tool_version
from aucote.model.finding import Scoring
from aucote.model.times import human
from aucote.storage.queries.finding_rows import ExploitInfo, FindingRecord
from aucote.storage.queries.open_ports import HostRecord
from aucote.storage.queries.port_scans import SERVICE_FIELDS

NVD = "https://nvd.nist.gov/vuln/detail/"
OPEN_PORT = "aucote/open-port"
Json = dict[str, object]


def findings(batches: Iterable[Sequence[FindingRecord]]) -> Iterator[str]:
    """The report of the findings."""
    encoded = FindingItems()
    return report(encoded.batch(batch) for batch in batches)


def hosts(batches: Iterable[Sequence[HostRecord]]) -> Iterator[str]:
    """The report of the open ports, as Info findings."""
    return report([ENCODER.encode(open_port(record)) for record in batch] for batch in batches)


def report(chunks: Iterable[list[str]]) -> Iterator[str]:
    """The test's fields, then `"findings": [...]` written a chunk (of encoded items) at a time."""
    yield (
        f'{{"name": "{NAME}", "type": "{NAME}", "version": "{tool_version()}", '
        '"description": "Findings of Aucote, a network security scanner", '
        '"dynamic_tool": true, "static_tool": false, "findings": '
    )
    yield from lines(chunks)
    yield "}\n"


def day(value: float) -> str:
    """The UTC date of a time, as DefectDojo's `date` (YYYY-MM-DD)."""
    return datetime.fromtimestamp(value, UTC).date().isoformat()


class Scored(NamedTuple):
    """What a finding writes of its scoring: the end of its description (the CVEs), its severity
    and its optional keys (`cve` and `references`, `cvssv3_score`), encoded."""

    scoring: Scoring
    description: str
    severity: str
    optional: str


class FindingItems(BatchParts[Scored]):
    """Findings encoded as DefectDojo items (keys as the module's docstring says) by one f-string
    each (a dict and the encoder take twice as long): what repeats (per exploit its title,
    description and rule; per scoring its CVEs, severity and CVSS; per scan its name in the
    evidence; per address its escaped forms) encoded once and kept, the row's own parts (port,
    times, output) written into the f-string (`json_text`: escaped parts joined are the escaped
    whole). The bytes are those of `ENCODER.encode` of the item as a dict
    (tests/export/test_defectdojo.py). Scorings, scans and addresses are forgotten after each
    batch, the exploits kept (the catalogue)."""

    def encode(self, record: FindingRecord) -> str:
        """One finding (this runs for every row: each repeated part is a dictionary's look-up)."""
        exploit, scoring, port = record.exploit, record.scoring, record.port
        head, found_by, rule_id = self.exploits.get(exploit.id) or self._exploit(exploit)
        scored = self.scorings.get(id(scoring)) or self._scored(scoring)
        host, address = self.addresses.get(record.ip) or self._address(record.ip)
        protocol, scheme = PROTOCOLS.get(record.protocol) or protocol_names(record.protocol)
        scan = self.scans.get((record.scan_id, record.scanner)) or self._scan(record.scan_id, record.scanner)
        reported = self.times.text(record.time)
        expiry = record.expiration_time
        state = (
            '"active": true'
            if expiry is None
            else f'"active": false, "is_mitigated": true, "mitigated": "{self.times.text(expiry)}"'
        )
        return (
            f'{head}{host}:{port}/{protocol}{found_by}{scored.description}", '
            f'"severity": "{scored.severity}", "date": "{reported[:10]}", '
            f'"steps_to_reproduce": "{scan}{reported}:\\n\\n{inner(record.output)}"'
            f'{scored.optional}, {state}, "unique_id_from_tool": "{address}/{scheme}/{port}/{rule_id}/'
            f'{record.subid}", "vuln_id_from_tool": "{rule_id}", "static_finding": false, '
            f'"dynamic_finding": true, "endpoints": ["{scheme}://{host}:{port}"]}}'
        )

    def _exploit(self, exploit: ExploitInfo) -> tuple[str, str, str]:
        """`{"title": …, "description": "<description>\\n\\nFound on `, ` by <rule> (exploit <id>).`
        and the rule id, escaped."""
        before = f"{exploit.description}\n\nFound on " if exploit.description else "Found on "
        head = f'{{"title": {text(exploit.label)}, "description": "{inner(before)}'
        after = inner(f" by {exploit.rule_id} (exploit {exploit.id}).")
        found = self.exploits[exploit.id] = (head, after, inner(exploit.rule_id))
        return found

    def _scored(self, scoring: Scoring) -> Scored:
        """A scoring's parts, kept by its identity (a batch's records share equal scorings,
        finding_rows._read; kept with them, the scoring keeps its identity its own)."""
        cves = cve_list(scoring.cve)
        optional = ""
        if cves:
            references = "\n".join(NVD + cve for cve in cves)
            optional += f', "cve": {text(cves[0])}, "references": {text(references)}'
        if scoring.cvss is not None:
            optional += f', "cvssv3_score": {ENCODER.encode(scoring.cvss)}'
        description = inner(f"\n\nCVE: {', '.join(cves)}.") if cves else ""
        severity = DEFECTDOJO_SEVERITIES[scoring.risk_level]
        found = self.scorings[id(scoring)] = Scored(scoring, description, severity, optional)
        return found

    def _scan(self, scan_id: int, scanner: str) -> str:
        """`Reported in scan <id> (<scanner>) at `, escaped."""
        found = self.scans[(scan_id, scanner)] = inner(f"Reported in scan {scan_id} ({scanner}) at ")
        return found


def _identity(unique: str, vuln: str, endpoint: str) -> Json:
    return {
        "unique_id_from_tool": unique,
        "vuln_id_from_tool": vuln,
        "static_finding": False,
        "dynamic_finding": True,
        "endpoints": [endpoint],
    }


def open_port(record: HostRecord) -> Json:
    """An open port as an Info finding: its service in `service` and in the description."""
    place = record.place
    item: Json = {
        "title": f"Open port {place.port}/{protocol_name(place.protocol)}",
        "description": f"{port_label(place)} open.\n\n{_service_text(record)}",
        "severity": "Info",
        "date": day(record.last_seen),
        "steps_to_reproduce": _seen_text(record),
    }
    if record.service is not None and record.service.name:
        item["service"] = record.service.name
    return {**item, "active": True, **_identity(port_identity(place), OPEN_PORT, port_uri(place))}


def _service_text(record: HostRecord) -> str:
    service = record.service
    if service is None:
        return "No service detected."
    fields = zip(SERVICE_FIELDS, astuple(service), strict=True)
    return "Service: " + ", ".join(f"{key} {value}" for key, value in fields if value) + "."


def _seen_text(record: HostRecord) -> str:
    scans = "1 scan" if record.seen == 1 else f"{record.seen} scans"
    since = f"from {human(record.first_seen)} to {human(record.last_seen)}"
    return f"Seen open in {scans} {since}, last in scan {record.scan_id} ({record.scanner})."
