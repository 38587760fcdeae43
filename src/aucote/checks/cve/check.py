"""The CVE check (app `aucote-cve`): CVEs whose NVD criteria cover the CPE of a port's service."""

import asyncio
from collections.abc import Sequence
from typing import Final

from aucote.checks.contract import CheckContext, ExploitOutcome, Selected
from aucote.checks.cve.findings import cve_finding
from aucote.cve.cpe import parse_cpe
from aucote.cve.lookup import CveLookup
from aucote.cve.matching import matching_cves
from aucote.model.finding import Finding
from aucote.model.status import CheckStatus
from aucote.model.target import Port

APP: Final = "aucote-cve"
EXPLOIT: Final = "cve-by-cpe"
Result = tuple[CheckStatus, tuple[Finding, ...], str | None]
_NOTHING: Final[Result] = (CheckStatus.DONE, (), None)


class CveCheck:
    """Looks the service's CPE up in the imported CVE data; one finding per CVE, highest CVSS first.

    A port without a detected CPE is done with no findings: there is nothing to look up."""

    app = APP

    def __init__(self, lookup: CveLookup) -> None:
        self._lookup = lookup

    async def run(
        self, port: Port, selected: Sequence[Selected], context: CheckContext
    ) -> list[ExploitOutcome]:
        """One outcome per selected exploit; `cve-by-cpe` carries the findings."""
        start = context.clock()
        wanted = any(item.exploit.name == EXPLOIT for item in selected)
        status, findings, reason = await self._findings(port, context) if wanted else _NOTHING
        end = context.clock()
        return [
            ExploitOutcome(item.exploit.id, status, start, end, findings, reason)
            if item.exploit.name == EXPLOIT
            else ExploitOutcome(item.exploit.id, CheckStatus.FAILED, start, end, (), _unknown(item))
            for item in selected
        ]

    async def _findings(self, port: Port, context: CheckContext) -> Result:
        service_cpe = port.service.cpe if port.service else None
        if not service_cpe:
            return _NOTHING
        try:
            cpe = parse_cpe(service_cpe)
        except ValueError as error:
            return CheckStatus.FAILED, (), str(error)
        try:
            async with asyncio.timeout(context.timeout):
                candidates = await asyncio.to_thread(self._lookup.matches, cpe.vendor, cpe.product)
        except TimeoutError:
            return CheckStatus.TIMEOUT, (), f"CVE lookup took longer than {context.timeout:g} s"
        except Exception as error:  # the lookup's own failure (database down …) is this check's outcome
            return CheckStatus.FAILED, (), f"CVE lookup failed: {error}"
        matches = matching_cves(cpe, candidates)
        return CheckStatus.DONE, tuple(cve_finding(m, service_cpe, i) for i, m in enumerate(matches)), None


def _unknown(item: Selected) -> str:
    return f"no rule named {item.exploit.name!r} (this check has only {EXPLOIT!r})"
