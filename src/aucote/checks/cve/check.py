"""The CVE check (app `aucote-cve`): CVEs whose NVD criteria cover the CPE of a port's service."""

import asyncio
from collections.abc import Sequence
from typing import Final

from aucote.checks.contract import CheckContext, ExploitOutcome, Selected
from aucote.checks.cve.findings import cve_finding
from aucote.checks.judging import no_rule
from aucote.checks.reasons import unjudged
from aucote.cve.cpe import parse_cpe
from aucote.cve.lookup import CveLookup
from aucote.cve.matching import matching_cves
from aucote.model.finding import Finding
from aucote.model.status import CheckReason, CheckStatus
from aucote.model.target import Port

APP: Final = "aucote-cve"
EXPLOIT: Final = "cve-by-cpe"


class LookupProblem(Exception):
    """Why the CVE lookup could not be done; the message is the detail."""

    def __init__(self, reason: CheckReason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


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
        return [
            await self._outcome(item.exploit.id, port, context)
            if item.exploit.name == EXPLOIT
            else no_rule(item.exploit, start, start)
            for item in selected
        ]

    async def _outcome(self, exploit_id: int, port: Port, context: CheckContext) -> ExploitOutcome:
        start = context.clock()
        try:
            findings = await self._findings(port, context)
        except LookupProblem as problem:
            return unjudged(exploit_id, problem.reason, str(problem), start, context.clock())
        end = context.clock()
        return ExploitOutcome(
            exploit_id=exploit_id, status=CheckStatus.DONE, start=start, end=end, findings=findings
        )

    async def _findings(self, port: Port, context: CheckContext) -> tuple[Finding, ...]:
        service_cpe = port.service.cpe if port.service else None
        if not service_cpe:
            return ()
        try:
            cpe = parse_cpe(service_cpe)
        except ValueError as error:
            raise LookupProblem(CheckReason.CHECK_ERROR, str(error)) from None
        try:
            async with asyncio.timeout(context.timeout):
                candidates = await asyncio.to_thread(self._lookup.matches, cpe.vendor, cpe.product)
        except TimeoutError:
            raise LookupProblem(
                CheckReason.TIMEOUT, f"CVE lookup took longer than {context.timeout:g} s"
            ) from None
        except Exception as error:  # the lookup's own failure (database down …) is this check's outcome
            raise LookupProblem(CheckReason.CHECK_ERROR, f"CVE lookup failed: {error}") from None
        matches = matching_cves(cpe, candidates)
        return tuple(cve_finding(match, service_cpe, index) for index, match in enumerate(matches))
