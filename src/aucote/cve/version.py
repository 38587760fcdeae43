"""Comparing software versions as NVD's CPE ranges and nmap's CPEs write them.

A version is cut into numeric and alphabetic segments; separators (`.`, `-`, `_`, `+`, `~`, `:`) only
separate. Segments compare pairwise: numbers numerically, words alphabetically (pre-release words by
rank), and a number is greater than a word at the same place (`1.0.1` > `1.0a`). When one version is
a prefix of the other, the rest decides:

* only zeros: equal (`7.4.0` = `7.4`);
* a pre-release word (`dev`, `alpha`, `beta`, `pre`, `preview`, `rc`): the shorter is greater
  (`2.0rc1` < `2.0`);
* `p` and a number, as OpenSSH's portable releases (`7.4p1`): equal. NVD writes OpenSSH ranges as
  `versionEndIncluding 7.7`, which must include `7.7p1`, the version nmap reports;
* anything else (OpenSSL's letters, `2.4.49-1`): the longer is greater (`1.0.2k` > `1.0.2`).

Limits: the `p` rule makes this a matching relation rather than a total order (`7.4p1` = `7.4` =
`7.4p2`, but `7.4p1` < `7.4p2`); single letters are never pre-releases (`1.0b` > `1.0`); dates,
epochs (`1:2.3`) and distribution revisions are read as ordinary segments.
"""

import re
from typing import Final

_SEGMENT: Final = re.compile(r"\d+|[a-z]+")
PRE_RELEASE: Final = {"dev": 0, "alpha": 1, "beta": 2, "pre": 3, "preview": 3, "rc": 4}
"""Words that mark a version before its release, in order."""

Segment = int | str


def segments(version: str) -> tuple[Segment, ...]:
    """The numeric and alphabetic segments of a version (`7.4p1` → 7, 4, 'p', 1)."""
    text = version.strip().lower()
    if re.match(r"v\d", text):
        text = text[1:]
    return tuple(int(part) if part.isdigit() else part for part in _SEGMENT.findall(text))


def compare_versions(left: str, right: str) -> int:
    """-1, 0 or 1 as `left` is older than, the same as, or newer than `right`."""
    first, second = segments(left), segments(right)
    for a, b in zip(first, second, strict=False):
        order = _compare_segments(a, b)
        if order:
            return order
    if len(first) == len(second):
        return 0
    if len(first) > len(second):
        return _rest_order(first[len(second) :])
    return -_rest_order(second[len(first) :])


def _compare_segments(a: Segment, b: Segment) -> int:
    if isinstance(a, int) and isinstance(b, int):
        return (a > b) - (a < b)
    if isinstance(a, int):
        return 1
    if isinstance(b, int):
        return -1
    if a in PRE_RELEASE and b in PRE_RELEASE:
        return (PRE_RELEASE[a] > PRE_RELEASE[b]) - (PRE_RELEASE[a] < PRE_RELEASE[b])
    if a in PRE_RELEASE or b in PRE_RELEASE:
        return -1 if a in PRE_RELEASE else 1
    return (a > b) - (a < b)


def _rest_order(rest: tuple[Segment, ...]) -> int:
    """How a version compares with its own prefix, given the segments it has beyond it."""
    if all(part == 0 for part in rest):
        return 0
    if rest[0] in PRE_RELEASE:
        return -1
    if len(rest) == 2 and rest[0] == "p" and isinstance(rest[1], int):
        return 0
    return 1
