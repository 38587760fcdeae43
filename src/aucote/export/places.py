"""How an export names a port: protocol names, `tcp://host:port` URIs, labels, and the stable
identity of a finding (the same exploit on the same port, whatever the scan)."""

from aucote.model.protocol import Protocol
from aucote.storage.queries.finding_rows import FindingRecord, PortRef

PROTOCOL_NAMES = {protocol.value: protocol.name for protocol in Protocol}


def protocol_name(value: int) -> str:
    """6 → "TCP"; a number outside the known protocols is written as the number."""
    return PROTOCOL_NAMES.get(value) or str(value)


def protocol_names(value: int) -> tuple[str, str]:
    """A protocol's name and URI scheme (`TCP`, `tcp`); a number outside the known ones as itself."""
    name = protocol_name(value)
    return name, name.lower()


PROTOCOLS = {value: protocol_names(value) for value in PROTOCOL_NAMES}
"""`protocol_names` of the known protocols, for the exports that look them up per row."""


def host_part(ip: str) -> str:
    """The address as it stands in a URI or before a port: IPv6 in brackets."""
    return f"[{ip}]" if ":" in ip else ip


def port_uri(place: PortRef) -> str:
    """`tcp://10.12.2.175:5985`, `udp://[2001:db8::1]:53`."""
    return f"{protocol_name(place.protocol).lower()}://{host_part(place.ip)}:{place.port}"


def port_label(place: PortRef) -> str:
    """`10.12.2.175:5985/TCP`, as the API's task descriptions write a port."""
    return f"{host_part(place.ip)}:{place.port}/{protocol_name(place.protocol)}"


def port_identity(place: PortRef) -> str:
    """`10.12.2.175/tcp/5985`: the same port of the same node in every scan."""
    return f"{place.ip}/{protocol_name(place.protocol).lower()}/{place.port}"


def finding_identity(record: FindingRecord) -> str:
    """`10.12.2.175/tcp/5985/nmap/http-vuln-cve2011-3192/0`: the same exploit's finding (and
    sub-finding) on the same port in every scan, the key re-imports deduplicate on."""
    return f"{port_identity(record.place)}/{record.exploit.rule_id}/{record.subid}"
