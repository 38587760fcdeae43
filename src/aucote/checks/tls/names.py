"""Whether a certificate covers a server name or IP address (subjectAltName only, as browsers do)."""

from ipaddress import ip_address

from cryptography.x509 import Certificate, DNSName, ExtensionNotFound, IPAddress, SubjectAlternativeName


def certificate_names(certificate: Certificate) -> list[str]:
    """The subjectAltName entries that name servers, as 'DNS:<name>' and 'IP:<address>'."""
    alternative = _alternative_names(certificate)
    if alternative is None:
        return []
    dns = [f"DNS:{name}" for name in alternative.get_values_for_type(DNSName)]
    ips = [f"IP:{address}" for address in alternative.get_values_for_type(IPAddress)]
    return dns + ips


def covers(certificate: Certificate, name: str) -> bool:
    """True when a subjectAltName entry matches `name`: an IP address entry equal to it, or a DNS
    entry equal to it (case-insensitive) or a wildcard `*.rest` where `name` is `<label>.rest`.
    The subject's common name is not used (RFC 6125, CA/Browser Forum)."""
    alternative = _alternative_names(certificate)
    if alternative is None:
        return False
    try:
        address = ip_address(name.strip("[]"))
    except ValueError:
        return any(dns_matches(pattern, name) for pattern in alternative.get_values_for_type(DNSName))
    return address in alternative.get_values_for_type(IPAddress)


def dns_matches(pattern: str, name: str) -> bool:
    """RFC 6125 matching of one DNS name pattern; a wildcard stands for exactly one whole left-most label."""
    pattern, name = pattern.lower().rstrip("."), name.lower().rstrip(".")
    if not pattern.startswith("*."):
        return pattern == name
    label, _, rest = name.partition(".")
    return bool(label) and "." in pattern[2:] and rest == pattern[2:]


def _alternative_names(certificate: Certificate) -> SubjectAlternativeName | None:
    try:
        return certificate.extensions.get_extension_for_class(SubjectAlternativeName).value
    except ExtensionNotFound:
        return None
