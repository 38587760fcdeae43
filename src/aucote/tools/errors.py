"""Errors raised by tool adapters: a tool that cannot be started, or output that cannot be read."""


class ToolError(Exception):
    """Base of every error raised by the tools layer."""


class ToolNotFound(ToolError):
    """The binary a tool needs is not installed (or not executable)."""

    def __init__(self, binary: str) -> None:
        super().__init__(f"tool not found: {binary!r} is not installed or not on PATH")
        self.binary = binary


class ParseError(ToolError):
    """A tool's output could not be parsed (empty, truncated or malformed)."""
