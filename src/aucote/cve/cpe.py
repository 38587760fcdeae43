"""CPE names: the 2.2 URI form nmap reports (`cpe:/a:openbsd:openssh:7.4p1`) and the 2.3 formatted
string NVD uses (`cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*`)."""

import re
from dataclasses import dataclass
from typing import Final
from urllib.parse import unquote

ANY: Final = "*"
"""A version that stands for every version (CPE's ANY; NVD's NA `-` is read the same way)."""

_UNESCAPED_COLON: Final = re.compile(r"(?<!\\):")
_ESCAPE: Final = re.compile(r"\\(.)")


@dataclass(frozen=True, slots=True)
class Cpe:
    """The parts of a CPE name that matching uses; text in lower case, `version` `*` when any."""

    part: str
    vendor: str
    product: str
    version: str = ANY


def parse_cpe(text: str) -> Cpe:
    """Read a CPE 2.2 URI or 2.3 formatted string; raises ValueError when it is neither."""
    name = text.strip()
    if name.lower().startswith("cpe:2.3:"):
        fields = [_ESCAPE.sub(r"\1", field) for field in _UNESCAPED_COLON.split(name[8:])]
    elif name.lower().startswith("cpe:/"):
        fields = [unquote(field) for field in name[5:].split(":")]
    else:
        raise ValueError(f"not a CPE name: {text!r}")
    fields = [field.strip().lower() for field in fields]
    if len(fields) < 3 or fields[0] not in ("a", "o", "h") or not fields[1] or not fields[2]:
        raise ValueError(f"CPE {text!r} lacks a part (a, o or h), a vendor or a product")
    version, update = [*fields[3:5], "", ""][:2]
    return Cpe(fields[0], fields[1], fields[2], full_version(version, update))


def full_version(version: str, update: str) -> str:
    """A CPE's version with its update folded in (`7.2` + `p2` → `7.2p2`); `*` for any version."""
    if version in ("", ANY, "-"):
        return ANY
    if update in ("", ANY, "-"):
        return version
    return f"{version}{update}" if update[0].isalpha() else f"{version}.{update}"
