"""Which catalogue entries are issue 11's "new checks", and the `scripts` list that holds them out.

New checks: the advanced profile's entries with ids 2500-2579 (Aucote's own exposure probes) plus
every entry whose YAML differs from the catalogue of BASE, the last commit before issue 11 (nmap
entries that became findings, e.g. smb-protocols, vnc-info, mqtt-subscribe)."""

import subprocess
from pathlib import Path

from aucote.catalog.catalog import Catalog
from aucote.catalog.document import read_document

BASE = "0ed6f08d0fad13a929211018bdc0d6e44bc4bd58"
"""Parent of 7c3934d, issue 11's first commit."""
OWN_IDS = range(2500, 2580)
CATALOG_DIR = "src/aucote/catalog"
REPO = Path(__file__).resolve().parents[1]


def raw_entries(texts: list[str]) -> dict[int, object]:
    """Each entry of the catalogue files' texts, by id, as parsed YAML."""
    entries: dict[int, object] = {}
    for text in texts:
        document = read_document(text)
        items = document.get("exploits", []) if isinstance(document, dict) else []
        entries |= {item["id"]: item for item in items if isinstance(item, dict) and "id" in item}
    return entries


def changed_ids(now: dict[int, object], before: dict[int, object]) -> set[int]:
    """Ids new since BASE or whose entry differs."""
    return {exploit_id for exploit_id, entry in now.items() if before.get(exploit_id) != entry}


def new_check_ids(catalog: Catalog, now: dict[int, object], before: dict[int, object]) -> list[int]:
    """The advanced profile's entries that issue 11 added or changed, in id order."""
    wanted = changed_ids(now, before) | set(OWN_IDS)
    return sorted(entry.id for entry in catalog.profile("advanced") if entry.id in wanted)


def held_out_scripts(catalog: Catalog, held_out: list[int]) -> list[int]:
    """`tools_advanced.scripts`: the advanced profile minus `held_out`."""
    return [entry.id for entry in catalog.profile("advanced") if entry.id not in held_out]


def working_texts() -> list[str]:
    """The catalogue files of this checkout."""
    folder = REPO / CATALOG_DIR
    paths = [folder / "exploits.yaml", *sorted((folder / "exploits.d").glob("*.yaml"))]
    return [path.read_text(encoding="utf-8") for path in paths]


def base_texts(base: str = BASE, repo: Path = REPO) -> list[str]:
    """The catalogue files at commit `base` of the git repository `repo`; RuntimeError with git's
    words when it cannot show them."""
    listing = _git(repo, "ls-tree", "--name-only", f"{base}:{CATALOG_DIR}/exploits.d")
    names = ["exploits.yaml", *(f"exploits.d/{name}" for name in listing.split() if name.endswith(".yaml"))]
    return [_git(repo, "show", f"{base}:{CATALOG_DIR}/{name}") for name in names]


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"git {' '.join(args)} in {repo}: {done.stderr.strip()}")
    return done.stdout
