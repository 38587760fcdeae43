"""Which entries a scanner may run: its profile or `scripts` list, enabled apps, and the switches
that hold classes of checks back (intrusive, default credentials)."""

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass

from aucote.catalog.catalog import Catalog
from aucote.catalog.entry import CatalogEntry
from aucote.model.exploit import Exploit
from aucote.model.status import CheckReason

AppFilter = Mapping[str, bool] | Callable[[str], bool]
"""`tools.<app>.enable`: a mapping (a missing app is disabled) or a predicate on the app name."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Switches:
    """The classes of checks a run allows (`service.scans.intrusive`, `.default_credentials`)."""

    intrusive: bool = False
    default_credentials: bool = True


@dataclass(frozen=True, slots=True)
class Hold:
    """Why a selected entry is not run: a skipping reason and its words."""

    reason: CheckReason
    detail: str


INTRUSIVE_OFF = Hold(CheckReason.INTRUSIVE_DISABLED, "intrusive checks are off (service.scans.intrusive)")
DEFAULT_CREDENTIALS_OFF = Hold(
    CheckReason.DEFAULT_CREDENTIALS_DISABLED,
    "default-credential checks are off (service.scans.default_credentials)",
)


def hold_of(exploit: Exploit, switches: Switches) -> Hold | None:
    """Why `switches` hold `exploit` back (intrusive first), or None when it may run."""
    if exploit.intrusive and not switches.intrusive:
        return INTRUSIVE_OFF
    if exploit.default_credentials and not switches.default_credentials:
        return DEFAULT_CREDENTIALS_OFF
    return None


def candidate_entries(
    catalog: Catalog,
    *,
    profile: str | None = None,
    scripts: Collection[int] | None = None,
    enabled_apps: AppFilter | None = None,
) -> tuple[CatalogEntry, ...]:
    """The entries a scanner asks for, in id order, before the switches.

    A non-empty `scripts` list means exactly those ids (unknown ids are ignored: see
    `Catalog.unknown_ids`); otherwise the whole `profile`, or the whole catalogue when `profile` is
    None. Either way only enabled apps (all when `enabled_apps` is None) remain."""
    candidates = _candidates(catalog, profile, scripts)
    return tuple(entry for entry in candidates if _app_enabled(enabled_apps, entry.app))


def select_entries(
    catalog: Catalog,
    *,
    profile: str | None = None,
    scripts: Collection[int] | None = None,
    enabled_apps: AppFilter | None = None,
    allow_intrusive: bool = False,
    allow_default_credentials: bool = True,
) -> tuple[CatalogEntry, ...]:
    """The entries to run, in id order: `candidate_entries` less those the switches hold back
    (intrusive ones unless `allow_intrusive`, default-credential ones unless
    `allow_default_credentials`)."""
    switches = Switches(intrusive=allow_intrusive, default_credentials=allow_default_credentials)
    candidates = candidate_entries(catalog, profile=profile, scripts=scripts, enabled_apps=enabled_apps)
    return tuple(entry for entry in candidates if hold_of(entry.exploit, switches) is None)


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
