"""How both processes of `aucote service` log: one line per record, time, level and logger."""

import logging

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(level: str) -> None:
    """Log to stderr at `level` (a level name, any case); httpx's one line per request is kept
    out below WARNING (the checks make many)."""
    logging.basicConfig(level=level.upper(), format=FORMAT)
    logging.getLogger("httpx").setLevel(logging.WARNING)
