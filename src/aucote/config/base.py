"""The base of every settings section: unknown keys refused, no type coercion, immutable."""

from pydantic import BaseModel, ConfigDict


class Section(BaseModel):
    """A mapping of the configuration file with a fixed set of keys."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
