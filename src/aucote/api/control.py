"""What the control endpoints ask of the running service."""

from typing import Literal, Protocol

StartResult = Literal["started", "running", "disabled", "unknown"]


class Controller(Protocol):
    """Start and stop scanners, shut the service down (implemented by the service)."""

    def start(self, name: str) -> StartResult:
        """Request a run of scanner `name` now."""
        ...

    def stop(self, name: str) -> bool:
        """Cancel the running scan of `name`; False when none runs (or no such scanner)."""
        ...

    def shutdown(self) -> None:
        """Stop gracefully: kill running tools, keep finished results, end scans with a status."""
        ...

    def knows(self, name: str) -> bool:
        """Whether `name` is a configured scanner."""
        ...
