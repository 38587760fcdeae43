"""Adding the dashboard's pages and its static files to the API app."""

from fastapi import FastAPI

from aucote.web.access import install_refusals
from aucote.web.pages import STATIC_URL, static_files
from aucote.web.routes import control, findings, host, hosts, overview, scanners, tokens, triage

ROUTERS = (
    overview.router,
    findings.router,
    hosts.router,
    host.router,
    scanners.router,
    control.router,
    tokens.router,
    triage.router,
)


def install_pages(app: FastAPI) -> None:
    """The pages' routes, their refusals as pages, and `/static`."""
    for router in ROUTERS:
        app.include_router(router())
    install_refusals(app)
    app.mount(STATIC_URL, static_files(), name="static")
