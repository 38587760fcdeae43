"""WhatWeb's identification as one information finding: a line per plugin that read a version or
a value, none when nothing was identified (the original stored an empty finding then)."""

from collections.abc import Iterable, Sequence
from typing import Final

from aucote.model.finding import Finding
from aucote.tools.whatweb.report import Plugin, WhatwebTarget

NOT_IDENTIFYING: Final = frozenset({"Country", "IP", "Title", "RedirectLocation"})
"""Plugins that describe the address (its IP, its country) or the page (its title, where it
redirects), not the software."""


def whatweb_findings(targets: Sequence[WhatwebTarget]) -> tuple[Finding, ...]:
    """`<Plugin> <versions> [<values>]` lines (merged over the target and its redirects), then the
    URLs requested with their HTTP status."""
    plugins = _merged(plugin for target in targets for plugin in target.plugins)
    if not plugins:
        return ()
    lines = [_line(plugin) for plugin in plugins]
    lines += [f"(GET {target.url}: {target.status})" for target in targets]
    return (Finding("\n".join(lines)),)


def _merged(plugins: Iterable[Plugin]) -> list[Plugin]:
    """Identifying plugins by name, in first-seen order, their values joined without repeats."""
    merged: dict[str, Plugin] = {}
    for plugin in plugins:
        if plugin.name in NOT_IDENTIFYING or not plugin.identified:
            continue
        seen = merged.get(plugin.name, Plugin(plugin.name))
        versions = tuple(dict.fromkeys((*seen.versions, *plugin.versions)))
        strings = tuple(dict.fromkeys((*seen.strings, *plugin.strings)))
        merged[plugin.name] = Plugin(plugin.name, versions, strings)
    return list(merged.values())


def _line(plugin: Plugin) -> str:
    parts = [plugin.name, *([", ".join(plugin.versions)] if plugin.versions else [])]
    parts += [f"[{', '.join(plugin.strings)}]"] if plugin.strings else []
    return " ".join(parts)
