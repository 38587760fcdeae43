"""Periods of time as written in the configuration: `2h`, `1d2h3m4s`, `30s`, or a bare number of seconds."""

import math
import re

_UNITS = (("d", 86400), ("h", 3600), ("m", 60), ("s", 1))
_PERIOD = re.compile(r"(?:(?P<d>\d+)d)?(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m)?(?:(?P<s>\d+)s)?")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_EXPECTED = "expected a period such as '2h', '1d2h3m4s', '30s' or a number of seconds"


def parse_period(text: str | int | float) -> float:
    """Seconds in a period; raises ValueError naming the accepted forms."""
    if isinstance(text, bool):
        raise ValueError(f"{_EXPECTED}, got {text!r}")
    if isinstance(text, int | float):
        return _checked_seconds(float(text), text)
    return _parse_text(text.strip(), text)


def _checked_seconds(seconds: float, original: object) -> float:
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"{_EXPECTED}, got {original!r}")
    return seconds


def _parse_text(text: str, original: str) -> float:
    if _NUMBER.fullmatch(text):
        return float(text)
    match = _PERIOD.fullmatch(text.lower())
    if not text or match is None:
        raise ValueError(f"{_EXPECTED}, got {original!r}")
    return float(sum(int(match[unit] or 0) * size for unit, size in _UNITS))


def format_period(seconds: float) -> str:
    """The compact form of a period (`93784` -> `1d2h3m4s`, `0` -> `0s`); fractions stay plain numbers."""
    if seconds != int(seconds):
        return f"{seconds:g}"
    rest = int(seconds)
    parts: list[str] = []
    for unit, size in _UNITS:
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts) or "0s"
