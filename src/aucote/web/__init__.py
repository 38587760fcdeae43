"""The dashboard: server-rendered pages (Jinja2, autoescaped) over the API's storage queries."""
