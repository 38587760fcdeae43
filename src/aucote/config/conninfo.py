"""The original's `storage.db` libpq connection string turned into a database URL."""

import re
from urllib.parse import quote, urlencode

_PAIR = re.compile(r"\s*(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|[^\s']*)")
_URL_PARTS = ("user", "password", "host", "port", "dbname")


def conninfo_to_url(conninfo: str) -> str:
    """`dbname=a user=b password=c host=d port=5432` -> `postgresql://b:c@d:5432/a`; URLs pass through."""
    if "://" in conninfo:
        return conninfo.strip()
    params = _parse(conninfo)
    user = quote(params.get("user", ""), safe="")
    password = params.get("password")
    credentials = f"{user}:{quote(password, safe='')}" if password is not None else user
    host = params.get("host", "")
    port = f":{params['port']}" if "port" in params else ""
    authority = f"{credentials}@{host}{port}" if credentials else f"{host}{port}"
    extra = {key: value for key, value in params.items() if key not in _URL_PARTS}
    query = f"?{urlencode(extra)}" if extra else ""
    return f"postgresql://{authority}/{quote(params.get('dbname', ''), safe='')}{query}"


def _parse(conninfo: str) -> dict[str, str]:
    params: dict[str, str] = {}
    position = 0
    while position < len(conninfo.rstrip()):
        match = _PAIR.match(conninfo, position)
        if match is None:
            raise ValueError("cannot read the connection string as key=value pairs")
        params[match[1]] = _unquoted(match[2])
        position = match.end()
    return params


def _unquoted(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value
