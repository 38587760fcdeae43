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

from aucote.export.json_format import array
from aucote.export.places import finding_identity, port_identity, port_label, port_uri, protocol_name
from aucote.export.scores import DEFECTDOJO_SEVERITIES, cve_list
from aucote.export.tool import NAME, tool_version
from aucote.model.times import human
from aucote.storage.queries.finding_rows import FindingRecord
from aucote.storage.queries.open_ports import HostRecord
from aucote.storage.queries.port_scans import SERVICE_FIELDS

NVD = "https://nvd.nist.gov/vuln/detail/"
OPEN_PORT = "aucote/open-port"
Json = dict[str, object]


def findings(batches: Iterable[Sequence[FindingRecord]]) -> Iterator[str]:
    """The report of the findings."""
    return report([finding(record) for record in batch] for batch in batches)


def hosts(batches: Iterable[Sequence[HostRecord]]) -> Iterator[str]:
    """The report of the open ports, as Info findings."""
    return report([open_port(record) for record in batch] for batch in batches)


def report(chunks: Iterable[list[object]]) -> Iterator[str]:
    """The test's fields, then `"findings": [...]` written a chunk at a time."""
    yield (
        f'{{"name": "{NAME}", "type": "{NAME}", "version": "{tool_version()}", '
        '"description": "Findings of Aucote, a network security scanner", '
        '"dynamic_tool": true, "static_tool": false, "findings": '
    )
    yield from array(chunks)
    yield "}\n"


def day(value: float) -> str:
    """The UTC date of a time, as DefectDojo's `date` (YYYY-MM-DD)."""
    return datetime.fromtimestamp(value, UTC).date().isoformat()


def finding(record: FindingRecord) -> Json:
    """One finding."""
    exploit, scoring = record.exploit, record.scoring
    cves = cve_list(scoring.cve)
    item: Json = {
        "title": exploit.label,
        "description": description(record, cves),
        "severity": DEFECTDOJO_SEVERITIES[scoring.risk_level],
        "date": day(record.time),
        "steps_to_reproduce": evidence(record),
    }
    if cves:
        item["cve"] = cves[0]
        item["references"] = "\n".join(NVD + cve for cve in cves)
    if scoring.cvss is not None:
        item["cvssv3_score"] = scoring.cvss
    return {
        **item,
        **_state(record),
        **_identity(finding_identity(record), exploit.rule_id, port_uri(record.place)),
    }


def description(record: FindingRecord, cves: list[str]) -> str:
    """The exploit's description and where it was found: the same in every scan that reports the
    finding (DefectDojo's legacy hash code is made of the title and the description)."""
    exploit = record.exploit
    lines = [exploit.description] if exploit.description else []
    lines.append(f"Found on {port_label(record.place)} by {exploit.rule_id} (exploit {exploit.id}).")
    if cves:
        lines.append(f"CVE: {', '.join(cves)}.")
    return "\n\n".join(lines)


def evidence(record: FindingRecord) -> str:
    """The scan that reported the finding, when, and what the check said."""
    return f"Reported in scan {record.scan_id} ({record.scanner}) at {human(record.time)}:\n\n{record.output}"


def _state(record: FindingRecord) -> Json:
    if record.expiration_time is None:
        return {"active": True}
    return {"active": False, "is_mitigated": True, "mitigated": human(record.expiration_time)}


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
