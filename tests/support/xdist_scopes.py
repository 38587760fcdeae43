"""How `make test` shares the suite between pytest-xdist's workers (`-n 2 --dist loadscope`): a
test module is one unit of work, so its module-scoped fixtures (seeded databases, apps, labs) are
built once; the modules of a GROUPS folder are one unit, for the session-scoped fixtures they share
(the browser tests' scanned lab and `aucote serve`). Each worker has a network-namespace lab of its
own (tests/support/netns_lab.py: LAB_NAME), so namespace tests on two workers never meet."""

from xdist.scheduler import LoadScopeScheduling

GROUPS = ("tests/web/browser/",)
"""Folders whose modules run on one worker, one after the other."""


class ModuleScheduling(LoadScopeScheduling):
    """loadscope, by module (a class's tests stay with their module) and by GROUPS folder."""

    def _split_scope(self, nodeid: str) -> str:
        module = nodeid.split("::", 1)[0]
        return next((group for group in GROUPS if module.startswith(group)), module)
