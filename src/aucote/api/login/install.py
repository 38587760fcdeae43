"""Adding the login page, the sessions and the static files to the app."""

from fastapi import FastAPI

from aucote.api.login.options import LoginOptions, login_state
from aucote.api.login.pages import STATIC_URL, static_files
from aucote.api.login.routes import router


def install_login(app: FastAPI, options: LoginOptions) -> None:
    """The login routes, `/static`, and the login state (`app.state.login`)."""
    app.state.login = login_state(options)
    app.include_router(router())
    app.mount(STATIC_URL, static_files(), name="static")
