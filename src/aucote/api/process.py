"""The API process of `aucote service`: serves the public API on a listening socket handed over by
the scanning process, reads the database itself, and asks the scanning process (over the local
socket, see `aucote.live.protocol`) for live state and control. Keeping the API out of the scanning
process keeps its answers prompt while checks and recording busy that process (measured:
bench/service_bench.py api-under-load).

    python -m aucote.api.process --fd N --live SOCKET --parent PID [--prefix P] [--log-level L]
        [--log-format F] [--tls-cert FILE --tls-key FILE] [--trusted-proxy NETWORK ...]
        [--sessions JSON] [--login JSON] [--public-read] [--public-metrics]

The database URL comes in the environment (AUCOTE_DATABASE_URL), not on the command line, so
that a password in it does not show in the process list. Started by the service only."""

import argparse
import contextlib
import ctypes
import ctypes.util
import logging
import os
import signal
import socket
import ssl
import sys
from ipaddress import ip_network
from pathlib import Path

import uvicorn

from aucote.api.access.policy import AccessPolicy, is_loopback_host
from aucote.api.app import create_app
from aucote.api.live_client import LiveClient
from aucote.api.login.options import LoginOptions, login_options
from aucote.api.server import uvicorn_options
from aucote.api.tls import TlsFiles, server_context
from aucote.config.sessions import LoginSettings, SessionsSettings
from aucote.live.cpu_slice import request_slice
from aucote.service_logging import LOG_FORMATS, configure_logging
from aucote.storage.database import open_engine

DATABASE_VARIABLE = "AUCOTE_DATABASE_URL"
PR_SET_PDEATHSIG = 1
log = logging.getLogger("aucote.api")


def die_with_parent(parent: int) -> None:
    """Ask Linux to send SIGTERM when the scanning process dies (even by kill -9), and leave at
    once if it is already gone."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:
        sys.exit("aucote API process: the service is gone")


def arguments(argv: list[str] | None) -> argparse.Namespace:
    """The command line the service gives."""
    parser = argparse.ArgumentParser(prog="python -m aucote.api.process", description=__doc__.splitlines()[0])
    parser.add_argument("--fd", type=int, required=True, help="the listening socket, inherited")
    parser.add_argument("--live", required=True, help="the scanning process's Unix socket")
    parser.add_argument("--parent", type=int, required=True, help="the scanning process's pid")
    parser.add_argument("--prefix", default="", help="service.api.path")
    parser.add_argument("--log-level", default="error")
    parser.add_argument("--log-format", choices=LOG_FORMATS, default="text")
    parser.add_argument("--public-read", action="store_true", help="service.api.public_read")
    parser.add_argument("--public-metrics", action="store_true", help="service.metrics.public")
    parser.add_argument("--tls-cert", type=Path, help="service.api.tls.cert")
    parser.add_argument("--tls-key", type=Path, help="service.api.tls.key")
    parser.add_argument(
        "--trusted-proxy", type=ip_network, action="append", default=[], help="service.api.trusted_proxies"
    )
    parser.add_argument("--sessions", default="{}", help="service.api.sessions as JSON")
    parser.add_argument("--login", default="{}", help="service.api.login as JSON")
    return parser.parse_args(argv)


def tls_context(args: argparse.Namespace) -> ssl.SSLContext | None:
    """The HTTPS context when certificate files were given; exits naming them when they do not load."""
    if args.tls_cert is None or args.tls_key is None:
        return None
    try:
        return server_context(TlsFiles(args.tls_cert, args.tls_key))
    except (ssl.SSLError, OSError) as error:
        sys.exit(f"aucote API process: cannot serve HTTPS with {args.tls_cert} and {args.tls_key}: {error}")


def login_arguments(args: argparse.Namespace) -> LoginOptions:
    """The login page's options from --sessions and --login (the service's settings as JSON)."""
    sessions = SessionsSettings.model_validate_json(args.sessions)
    return login_options(sessions, LoginSettings.model_validate_json(args.login))


def listens_on_loopback(listener: socket.socket) -> bool:
    """Whether the inherited socket is bound to a loopback address (reads may then be open)."""
    return is_loopback_host(str(listener.getsockname()[0]))


def main(argv: list[str] | None = None) -> None:
    """Serve until SIGTERM/SIGINT (uvicorn's graceful shutdown)."""
    args = arguments(argv)
    configure_logging(args.log_level, args.log_format)
    die_with_parent(args.parent)
    refused = request_slice()
    if refused:
        log.info("the API process keeps the default CPU time slice: %s", refused)
    url = os.environ.get(DATABASE_VARIABLE)
    if not url:
        sys.exit(f"aucote API process: {DATABASE_VARIABLE} is not set")
    context = tls_context(args)
    engine = open_engine(url)
    live = LiveClient(args.live, engine)
    listener = socket.socket(fileno=args.fd)
    access = AccessPolicy(
        loopback=listens_on_loopback(listener),
        public_read=args.public_read,
        public_metrics=args.public_metrics,
    )
    app = create_app(
        engine,
        path_prefix=args.prefix,
        scanners=live,
        tasks=live,
        control=live,
        password_hash=live.password_hash,
        trusted_proxies=args.trusted_proxy,
        login=login_arguments(args),
        access=access,
        health=live,
        metrics=live,
    )
    config = uvicorn.Config(
        app, log_config=None, access_log=False, lifespan="off", **uvicorn_options(context)
    )
    with contextlib.closing(listener):
        uvicorn.Server(config).run(sockets=[listener])


if __name__ == "__main__":
    main()
