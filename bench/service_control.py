"""A control server for api-under-load: the same stack as the service's API (uvicorn, Starlette,
one JSON response from a coroutine on the event loop, as the API's endpoints run) in its own
process, with no database and no scanning, and the same short CPU slice as the API process
(`aucote.live.cpu_slice`). Its latency under the scan's load shows what the machine alone
(2 cores shared with nmap) adds to any request.

    python -m bench.service_control PORT
"""

import json
import sys

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from aucote.live.cpu_slice import request_slice

BODY = json.dumps({"scans": [{"id": n, "scanner": "tcp", "start": 1.0, "end": None} for n in range(10)]})


async def _answer(_request: Request) -> Response:
    return Response(BODY, media_type="application/json")


def main() -> None:
    request_slice()
    app = Starlette(routes=[Route("/control", _answer)])
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="error")


if __name__ == "__main__":
    main()
