"""The `service` section: where the API listens, its URL prefix, password, HTTPS certificate and
trusted proxies, browser sessions and logins, scan execution limits."""

import re
from ipaddress import ip_address

from pydantic import Field, field_validator, model_validator

from aucote.config.base import Section
from aucote.config.fields import NetworkList, PasswordHash, Period
from aucote.config.sessions import LoginSettings, SessionsSettings
from aucote.config.tls_files import check_tls_files

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOSTNAME = re.compile(rf"(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})*")
_PATH_SEGMENTS = re.compile(r"[A-Za-z0-9._~-]+(?:/[A-Za-z0-9._~-]+)*")


class ApiV1Settings(Section):
    """Address the HTTP API (version 1) listens on."""

    host: str = "127.0.0.1"
    port: int = Field(default=1235, ge=1, le=65535)

    @field_validator("host")
    @classmethod
    def _valid_host(cls, host: str) -> str:
        try:
            return str(ip_address(host))
        except ValueError:
            if _HOSTNAME.fullmatch(host):
                return host
        raise ValueError(f"{host!r} is not an IP address or host name")


class TlsSettings(Section):
    """`service.api.tls`: PEM files of the certificate (its chain may follow it) and of the private
    key; both null: plain HTTP. Both set: checked to exist, be readable and match."""

    cert: str | None = None
    key: str | None = None

    @model_validator(mode="after")
    def _usable_pair(self) -> "TlsSettings":
        check_tls_files(self.cert, self.key)
        return self

    @property
    def enabled(self) -> bool:
        """Whether the API serves HTTPS."""
        return self.cert is not None and self.key is not None


class ApiSettings(Section):
    """The HTTP API: listening address, URL prefix, password, whether anyone may read, HTTPS, the
    trusted proxies, browser sessions and logins."""

    v1: ApiV1Settings = Field(default_factory=ApiV1Settings)
    path: str = ""
    password: PasswordHash | None = None
    public_read: bool = False
    tls: TlsSettings = Field(default_factory=TlsSettings)
    trusted_proxies: NetworkList = Field(default_factory=list)
    sessions: SessionsSettings = Field(default_factory=SessionsSettings)
    login: LoginSettings = Field(default_factory=LoginSettings)

    @field_validator("path")
    @classmethod
    def _normalised_path(cls, path: str) -> str:
        inner = path.strip().strip("/")
        if inner and not _PATH_SEGMENTS.fullmatch(inner):
            raise ValueError(f"{path!r} is not a URL path prefix like '/aucote'")
        return f"/{inner}" if inner else ""


class ScansSettings(Section):
    """How scans are executed."""

    parallel_tasks: int = Field(default=30, ge=1, le=1000)
    reserved_cpus: int = Field(default=1, ge=0, le=1024)
    physical: bool = False
    intrusive: bool = False
    default_credentials: bool = True
    resume: bool = True


class HealthSettings(Section):
    """`service.health`: what `/readyz` calls a stuck scanner."""

    stuck_after: Period = Field(default=86400.0, gt=0)
    """A scanner whose run has lasted longer than this is stuck (seconds)."""


class MetricsSettings(Section):
    """`service.metrics`: who may read `/metrics`."""

    public: bool = False
    """True: anyone who reaches the API port scrapes it without a credential."""


class ServiceSettings(Section):
    """The `service` section."""

    api: ApiSettings = Field(default_factory=ApiSettings)
    scans: ScansSettings = Field(default_factory=ScansSettings)
    health: HealthSettings = Field(default_factory=HealthSettings)
    metrics: MetricsSettings = Field(default_factory=MetricsSettings)
