"""How `make test` shares the suite between pytest-xdist's workers (`-n 2 --dist loadscope`): a
test module is one unit of work, so its module-scoped fixtures (seeded databases, apps, labs) are
built once; the modules of one of GROUPS are one unit, run on one worker one after the other: they
share session-scoped fixtures or a resource of the whole machine. Each worker has a
network-namespace lab of its own (tests/support/netns_lab.py: LAB_NAME), so namespace tests on two
workers never meet."""

from xdist.scheduler import LoadScopeScheduling
from xdist.workermanage import WorkerController

GROUPS = {
    # the scanned lab and `aucote serve` of tests/web/browser/conftest.py, built once
    "browser": ("tests/web/browser/",),
    # X servers: display numbers (and ports 6000+N on every address) are the machine's
    "x11": ("tests/checks/nmap/test_lockout.py", "tests/engine/test_scan_remote.py"),
}
"""Name -> node id prefixes (folders or modules)."""
FIRST = (
    "browser",
    "x11",
    "tests/engine/",
    "tests/checks/",
    "tests/scheduling/",
    "tests/queue/",
    "tests/api/test_schemathesis.py",
)
"""Units handed out before the others (then the larger first): the long ones (real scans, daemons,
a browser), so that no worker is left with one of them at the end while the other waits."""


class ModuleScheduling(LoadScopeScheduling):
    """loadscope, by module (a class's tests stay with their module) and by group of GROUPS."""

    def _split_scope(self, nodeid: str) -> str:
        module = nodeid.split("::", 1)[0]
        groups = (name for name, prefixes in GROUPS.items() if module.startswith(prefixes))
        return next(groups, module)

    def _assign_work_unit(self, node: WorkerController) -> None:
        first = next((scope for scope in self.workqueue if scope.startswith(FIRST)), None)
        if first is not None:
            self.workqueue.move_to_end(first, last=False)
        super()._assign_work_unit(node)
