"""The WhatWeb command line for one URL.

Aggression 1 ("stealthy": one request per target, plus redirects) unless 3 is asked for; redirects
only to the same host (`same-site`, at most 3), so no request leaves the scanned address; the JSON
log on stdout (`--log-json=-`), nothing else there (`--quiet`), errors on stderr.
"""

from typing import Final

AGGRESSIONS: Final = frozenset({1, 3})
"""The levels offered: 1 (one request) and 3 (more requests when a plugin matched); 4 is left out."""


def whatweb_argv(
    url: str, *, user_agent: str | None = None, aggression: int = 1, whatweb: str = "whatweb"
) -> list[str]:
    """`whatweb -a 1 --color=never -q … --log-json=- -- <url>`; ValueError for another aggression."""
    if aggression not in AGGRESSIONS:
        raise ValueError(f"WhatWeb aggression must be 1 or 3, not {aggression!r}")
    argv = [whatweb, "--aggression", str(aggression), "--color=never", "--quiet"]
    argv += ["--follow-redirect=same-site", "--max-redirects=3", "--log-json=-"]
    argv += [f"--user-agent={user_agent}"] if user_agent else []
    return [*argv, "--", url]
