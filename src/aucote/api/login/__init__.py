"""The login page and browser sessions (docs/access.md): `GET/POST /login`, `POST /logout`, the
`aucote_session` cookie and its reader, the CSRF check of state-changing requests made with it,
and the pages' layout (templates and style sheet in `aucote/web/`)."""
