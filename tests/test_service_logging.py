"""`--log-format json`: one JSON object per record, with the scan ids of the run and the executor
task each line was logged in."""

import asyncio
import io
import json
import logging

from aucote.engine.executor import Executor, TaskInfo
from aucote.engine.log_context import RUN_SCANS
from aucote.service_logging import JsonLines

log = logging.getLogger("aucote.test.json")


async def _run() -> None:
    executor = Executor(2)

    async def check(name: str) -> None:
        log.info("checking %s", name)

    async def run(scans: dict[str, int]) -> None:
        RUN_SCANS.set(scans)
        log.info("run started")
        info = TaskInfo("nmap", "ftp-anon", "127.0.0.1:21/TCP", "tools_basic", scans.get("tools_basic"))
        await asyncio.gather(executor.run(info, check("ftp")), executor.run(info, check("again")))

    log.info("outside")
    await asyncio.gather(asyncio.create_task(run({"tcp": 4, "tools_basic": 3})), asyncio.create_task(run({})))


def test_lines_carry_their_run_and_task() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLines())
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        asyncio.run(_run())
    finally:
        log.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    seen = [(line["message"], line["scan_ids"], line["task_id"], line["task"]) for line in lines]
    task = "nmap ftp-anon on 127.0.0.1:21/TCP [tools_basic #3]"
    other = "nmap ftp-anon on 127.0.0.1:21/TCP [tools_basic #None]"
    assert seen == [
        ("outside", [], None, None),
        ("run started", [3, 4], None, None),
        ("run started", [], None, None),
        ("checking ftp", [3, 4], 0, task),
        ("checking again", [3, 4], 1, task),
        ("checking ftp", [], 2, other),
        ("checking again", [], 3, other),
    ]
    assert {line["logger"] for line in lines} == {"aucote.test.json"}
    assert all(line["level"] == "info" and line["time"].endswith("+00:00") for line in lines)
