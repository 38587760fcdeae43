"""The whole configuration: the typed, validated settings model."""

from pydantic import Field

from aucote.config.base import Section
from aucote.config.cve import CveSettings
from aucote.config.database import DatabaseSettings
from aucote.config.log_settings import LoggingSettings
from aucote.config.notifications import NotificationSettings
from aucote.config.portdetection import PortDetectionSettings
from aucote.config.retention import RetentionSettings
from aucote.config.service import ServiceSettings
from aucote.config.tools import ToolsSettings
from aucote.config.workers import WorkersSettings


class Settings(Section):
    """Everything Aucote reads from its configuration file (see docs/configuration.md)."""

    service: ServiceSettings = Field(default_factory=ServiceSettings)
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    portdetection: PortDetectionSettings = Field(default_factory=PortDetectionSettings)
    tools: ToolsSettings = Field(default_factory=ToolsSettings)
    cve: CveSettings = Field(default_factory=CveSettings)
    logging: LoggingSettings = Field(default_factory=LoggingSettings)
    workers: WorkersSettings = Field(default_factory=WorkersSettings)
    notifications: NotificationSettings = Field(default_factory=NotificationSettings)
    retention: RetentionSettings = Field(default_factory=RetentionSettings)
