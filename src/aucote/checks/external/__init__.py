"""External tools as checks: testssl.sh (app `testssl`), WhatWeb (`whatweb`) and hydra (`hydra`,
intrusive). Each runs through the check context's runner; a missing binary skips its security
scans with the reason. See docs/checks/external.md."""

from aucote.checks.external.hydra import HydraCheck
from aucote.checks.external.testssl import TestsslCheck
from aucote.checks.external.whatweb import WhatwebCheck

__all__ = ["HydraCheck", "TestsslCheck", "WhatwebCheck"]
