"""Which entries a scanner may run: its profile or `scripts` list, enabled apps, the intrusive gate."""

from collections.abc import Callable, Collection, Iterable, Mapping

from aucote.catalog.catalog import Catalog
from aucote.catalog.entry import CatalogEntry

AppFilter = Mapping[str, bool] | Callable[[str], bool]
"""`tools.<app>.enable`: a mapping (a missing app is disabled) or a predicate on the app name."""


def select_entries(
    catalog: Catalog,
    *,
    profile: str | None = None,
    scripts: Collection[int] | None = None,
    enabled_apps: AppFilter | None = None,
    allow_intrusive: bool = False,
) -> tuple[CatalogEntry, ...]:
    """The entries to run, in id order.

    A non-empty `scripts` list means exactly those ids (unknown ids are ignored: see
    `Catalog.unknown_ids`); otherwise the whole `profile`, or the whole catalogue when `profile` is
    None. Either way only enabled apps (all when `enabled_apps` is None) and, unless
    `allow_intrusive`, only non-intrusive entries remain."""
    candidates = _candidates(catalog, profile, scripts)
    return tuple(
        entry
        for entry in candidates
        if _app_enabled(enabled_apps, entry.app) and (allow_intrusive or not entry.exploit.intrusive)
    )


def _candidates(
    catalog: Catalog, profile: str | None, scripts: Collection[int] | None
) -> Iterable[CatalogEntry]:
    if scripts:
        wanted = frozenset(scripts)
        return (entry for entry in catalog if entry.id in wanted)
    if profile is not None:
        return catalog.profile(profile)
    return iter(catalog)


def _app_enabled(enabled_apps: AppFilter | None, app: str) -> bool:
    if enabled_apps is None:
        return True
    if isinstance(enabled_apps, Mapping):
        return bool(enabled_apps.get(app, False))
    return enabled_apps(app)
