"""Whether the SSH software a server names is an old release: OpenSSH before 7.4, Dropbear before 2020.

The thresholds are deliberately low, so that a finding means "years of missed upstream fixes", not
"one release behind". The version string cannot show fixes a distribution backported, which every
finding says; other implementations are not judged."""

import re
from typing import Final

from aucote.checks.ssh.identification import Identification
from aucote.cve.version import compare_versions

OPENSSH_MINIMUM: Final = "7.4"
DROPBEAR_MINIMUM_YEAR: Final = 2020

_OPENSSH: Final = re.compile(r"OpenSSH_(\d+\.\d+(?:\.\d+)?(?:p\d+)?)")
_DROPBEAR: Final = re.compile(r"dropbear_((\d{4})\.\d+)", re.IGNORECASE)

_OPENSSH_WHY: Final = (
    "OpenSSH {version} is older than 7.4 (December 2016). Release 7.4 fixed CVE-2016-10009 (ssh-agent "
    "loading PKCS#11 modules through a forwarded agent), CVE-2016-10010, CVE-2016-10011 and "
    "CVE-2016-10012, and earlier releases have more published vulnerabilities (e.g. CVE-2016-6210, "
    "user enumeration, fixed in 7.3)."
)
_DROPBEAR_WHY: Final = (
    "Dropbear {version} is a release from before 2020. Later releases fixed security problems (see "
    "Dropbear's CHANGES), and NVD lists vulnerabilities of older ones, e.g. CVE-2018-15599 (user "
    "enumeration, through 2018.76)."
)
_BACKPORTS: Final = (
    "Distributions backport security fixes without changing the upstream version{comments}, so confirm "
    "the installed package's patch level before acting on this."
)


def outdated(identification: Identification) -> str | None:
    """Why the named software is outdated, or None (current, unknown or not OpenSSH/Dropbear)."""
    reason = _openssh(identification.software) or _dropbear(identification.software)
    if reason is None:
        return None
    comments = f" (this server adds: {identification.comments})" if identification.comments else ""
    return f"{reason}\n{_BACKPORTS.format(comments=comments)}\nServer: {identification.line}"


def _openssh(software: str) -> str | None:
    found = _OPENSSH.match(software)
    if found is None or compare_versions(found[1], OPENSSH_MINIMUM) >= 0:
        return None
    return _OPENSSH_WHY.format(version=found[1])


def _dropbear(software: str) -> str | None:
    found = _DROPBEAR.match(software)
    if found is None or int(found[2]) >= DROPBEAR_MINIMUM_YEAR:
        return None
    return _DROPBEAR_WHY.format(version=found[1])
