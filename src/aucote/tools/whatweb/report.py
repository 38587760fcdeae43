"""What WhatWeb identified: per requested URL (the target and each redirect), the plugins that matched."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Plugin:
    """One matched plugin: the versions it read and the other values it extracted."""

    name: str
    versions: tuple[str, ...] = ()
    strings: tuple[str, ...] = ()
    """Every other value, in WhatWeb's field order: string, os, model, firmware, module, account, filepath."""

    @property
    def identified(self) -> bool:
        """The plugin read a version or some other value (not only "this page matched")."""
        return bool(self.versions or self.strings)


@dataclass(frozen=True, slots=True)
class WhatwebTarget:
    """One URL WhatWeb requested, with the HTTP status it got and the plugins that matched."""

    url: str
    status: int
    plugins: tuple[Plugin, ...]
