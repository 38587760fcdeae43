"""How both processes of `aucote service` log: one line per record, as text (time, level, logger,
message) or, with `--log-format json`, as one JSON object per line for log shippers, each with
the scan ids of the run and the executor task it was logged in (null/empty outside them)."""

import json
import logging
from datetime import UTC, datetime
from typing import Literal

from aucote.engine.log_context import TASK, scan_ids

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LogFormat = Literal["text", "json"]
LOG_FORMATS: tuple[LogFormat, ...] = ("text", "json")


class JsonLines(logging.Formatter):
    """A record as one JSON object: time (UTC, ISO 8601), level, logger, message, scan_ids,
    task_id, task, and the traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        task = TASK.get()
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "scan_ids": scan_ids(),
            "task_id": task.id if task else None,
            "task": task.label if task else None,
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_logging(level: str, log_format: LogFormat = "text") -> None:
    """Log to stderr at `level` (a level name, any case) in `log_format`; httpx's one line per
    request is kept out below WARNING (the checks make many)."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLines() if log_format == "json" else logging.Formatter(FORMAT))
    logging.basicConfig(level=level.upper(), handlers=[handler])
    logging.getLogger("httpx").setLevel(logging.WARNING)
