"""The `notifications` section: channels (signed webhooks, e-mail, Slack, Teams), the rules that
send events to them, and how deliveries are retried."""

from typing import Annotated, Self

from pydantic import Field, Strict, model_validator

from aucote.config.base import Section
from aucote.config.fields import NetworkList, Period
from aucote.model.notification import ChannelType, EventKind
from aucote.model.status import RiskLevel

Lenient = Strict(False)
"""Enums are written as their value in the file."""


class ChannelSettings(Section):
    """One channel: a webhook endpoint, a chat webhook or an SMTP server and its recipients."""

    type: Annotated[ChannelType, Lenient]
    url: str | None = None
    secret: str | None = None
    timeout: Period = 10.0
    host: str | None = None
    port: int = 587
    starttls: bool = True
    ca_file: str | None = None
    username: str | None = None
    password: str | None = None
    sender: str | None = None
    to: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _complete(self) -> Self:
        if self.type is ChannelType.EMAIL:
            _require(self, ("host", "sender", "to"))
            if (self.username is None) != (self.password is None):
                raise ValueError("username and password go together (SMTP login)")
        else:
            _require(self, ("url", "secret") if self.type is ChannelType.WEBHOOK else ("url",))
            if not str(self.url).startswith(("http://", "https://")):
                raise ValueError(f"url must be an http:// or https:// URL, got {self.url!r}")
        return self


def _require(channel: ChannelSettings, keys: tuple[str, ...]) -> None:
    missing = [key for key in keys if not getattr(channel, key)]
    if missing:
        raise ValueError(f"a {channel.type.value} channel needs {', '.join(missing)}")


class RuleSettings(Section):
    """Which events go to which channels, immediately or gathered into a digest."""

    name: str
    events: list[Annotated[EventKind, Lenient]]
    channels: list[str]
    min_risk: Annotated[RiskLevel, Lenient] = RiskLevel.LOW
    scanners: list[str] = Field(default_factory=list)
    networks: NetworkList = Field(default_factory=list)
    digest: Period | None = None

    @model_validator(mode="after")
    def _sensible(self) -> Self:
        if not self.events or not self.channels:
            raise ValueError("a rule needs at least one event and one channel")
        if self.digest is not None and self.digest <= 0:
            raise ValueError("digest must be a period longer than 0 (or null: immediately)")
        return self


class RetrySettings(Section):
    """Backoff between attempts of a failed delivery (doubling from `initial` up to `max`);
    a delivery is retried until it succeeds."""

    initial: Period = 1.0
    max: Period = 300.0


class NotificationSettings(Section):
    """`notifications`: off while there is no rule."""

    channels: dict[str, ChannelSettings] = Field(default_factory=dict)
    rules: list[RuleSettings] = Field(default_factory=list)
    retry: RetrySettings = Field(default_factory=RetrySettings)
    poll: Period = 1.0

    @model_validator(mode="after")
    def _known_channels(self) -> Self:
        names = [rule.name for rule in self.rules]
        if len(set(names)) != len(names):
            raise ValueError("rule names must be unique")
        for rule in self.rules:
            unknown = sorted(set(rule.channels) - set(self.channels))
            if unknown:
                raise ValueError(f"rule {rule.name!r} names unknown channels: {', '.join(unknown)}")
        return self
