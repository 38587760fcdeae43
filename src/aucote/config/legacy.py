"""Keys of the original Aucote's files: those this version ignores (with a warning) or translates."""

from collections.abc import Mapping

from aucote.config.conninfo import conninfo_to_url
from aucote.config.database import mask_url_password
from aucote.config.errors import ConfigError, ConfigProblem
from aucote.config.yamlfile import ConfigData

_SERVICE = "a service of the original Aucote that this version does not use"
_LOG_FILES = "the original's log files; this version logs to standard error, see logging.level"

IGNORED_KEYS: tuple[tuple[str, str], ...] = (
    ("topdis", _SERVICE),
    ("toucan", _SERVICE),
    ("kuduworker", _SERVICE),
    ("rabbit", _SERVICE),
    ("tcpportscan", _SERVICE),
    ("tftp", _SERVICE),
    ("pid_file", "this version takes no PID lock file"),
    ("default_config", "the built-in defaults are the packaged aucote.default.yaml"),
    ("fixtures", "the exploit catalogue ships with the package"),
    ("storage.max_nodes_query", "a tuning knob of the original's queries"),
    ("storage.fresh_start", "unused by the original too"),
    ("logging.root", _LOG_FILES),
    ("logging.storage", _LOG_FILES),
    ("logging.pycslib", _LOG_FILES),
    ("service.scans.task_politic", "the throttling rate came from Toucan; this version has none"),
    ("portdetection.sctp", "the original had no SCTP scanner either"),
    ("portdetection._internal.categories", "removed from the original in 2018"),
    ("portdetection.*.scan_devices", "the SNMP/host split of nodes came from Topdis"),
    ("portdetection.*.status", "scan status lives in the database and is shown by the API"),
    ("portdetection.*.control", "start, stop and resume are API calls in this version"),
)
"""Dotted key patterns (`*` = any scanner) and why they are ignored."""


def drop_ignored_keys(data: ConfigData, source: str) -> tuple[ConfigData, list[str]]:
    """The data without the original's unused keys, and one warning per key dropped."""
    warnings: list[str] = []
    for pattern, reason in IGNORED_KEYS:
        data, removed = _without(data, pattern.split("."), "")
        warnings.extend(f"{source}: {key}: ignored ({reason})" for key in removed)
    return data, warnings


def _without(data: Mapping[str, object], parts: list[str], prefix: str) -> tuple[ConfigData, list[str]]:
    head, rest = parts[0], parts[1:]
    result, removed = dict(data), []
    for key in list(result) if head == "*" else [head]:
        path = f"{prefix}{key}"
        if key not in result:
            continue
        if not rest:
            del result[key]
            removed.append(path)
        elif isinstance(value := result[key], Mapping):
            result[key], inner = _without(value, rest, f"{path}.")
            removed.extend(inner)
    return result, removed


def translate_storage(data: ConfigData, source: str) -> tuple[ConfigData, list[str]]:
    """`storage.db` (libpq string or URL) becomes `database.url` unless that is set; empty `storage` goes."""
    storage = data.get("storage")
    if not isinstance(storage, Mapping):
        return data, []
    rest = {key: value for key, value in storage.items() if key != "db"}
    result = {key: value for key, value in data.items() if key != "storage"} | (
        {"storage": rest} if rest else {}
    )
    if "db" not in storage:
        return result, []
    return _with_database_url(result, storage["db"], source)


def _with_database_url(data: ConfigData, conninfo: object, source: str) -> tuple[ConfigData, list[str]]:
    database = data.get("database")
    if isinstance(database, Mapping) and database.get("url"):
        return data, [f"{source}: storage.db: ignored (database.url is set)"]
    if not isinstance(conninfo, str):
        raise ConfigError(source, [ConfigProblem("storage.db", "expected a connection string")])
    try:
        url = conninfo_to_url(conninfo)
    except ValueError as error:
        raise ConfigError(source, [ConfigProblem("storage.db", str(error))]) from None
    below = dict(database) if isinstance(database, Mapping) else {}
    warning = f"{source}: storage.db: read as database.url ({mask_url_password(url)})"
    return {**data, "database": {**below, "url": url}}, [warning]
