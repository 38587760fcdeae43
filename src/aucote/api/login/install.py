"""Adding the login page and the sessions to the app (the static files come with the dashboard's
pages: `aucote.web.install`)."""

from fastapi import FastAPI

from aucote.api.login.options import LoginOptions, login_state
from aucote.api.login.routes import router


def install_login(app: FastAPI, options: LoginOptions) -> None:
    """The login routes and the login state (`app.state.login`)."""
    app.state.login = login_state(options)
    app.include_router(router())
