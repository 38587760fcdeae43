"""What the control endpoints ask of the running service (coroutines: the service may be another
process)."""

from typing import Literal, Protocol

StartResult = Literal["started", "running", "disabled", "unknown"]
StopResult = Literal["stopping", "idle", "unknown"]


class Controller(Protocol):
    """Start and stop scanners, shut the service down (implemented by the service)."""

    async def start(self, name: str) -> StartResult:
        """Request a run of scanner `name` now."""
        ...

    async def stop(self, name: str) -> StopResult:
        """Cancel the running scan of `name`: "stopping", "idle" when none runs, "unknown" when
        no scanner has that name."""
        ...

    async def shutdown(self) -> None:
        """Stop gracefully: kill running tools, keep finished results, end scans with a status."""
        ...
