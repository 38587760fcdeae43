"""Load and validate the catalogue file; every problem is reported with file, entry and field."""

from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from aucote.catalog.catalog import Catalog
from aucote.catalog.consistency import consistency_problems
from aucote.catalog.document import read_document
from aucote.catalog.entry import CatalogEntry, ReservedId
from aucote.catalog.errors import CatalogError
from aucote.catalog.problems import entry_label, validation_problems
from aucote.catalog.schema import CatalogFileModel, EntryModel, ReservedModel, to_entry, to_reserved

SHIPPED_FILE = "exploits.yaml"
SHIPPED_EXTRAS = "exploits.d"
"""Each of Aucote's own checks ships its entries in a file of its own under this folder."""

Model = TypeVar("Model", bound=BaseModel)
Item = TypeVar("Item")


def load_catalog(path: Path | None = None) -> Catalog:
    """The catalogue in `path`, or the one shipped with Aucote; raises CatalogError."""
    if path is None:
        return parse_catalogs(_shipped_texts())
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogError([f"{path}: cannot read the file ({error})"]) from None
    return parse_catalog(text, str(path))


def parse_catalog(text: str, source: str = SHIPPED_FILE) -> Catalog:
    """The catalogue in YAML `text`; `source` names it in error messages. Raises CatalogError."""
    return parse_catalogs([(text, source)])


def parse_catalogs(texts: Sequence[tuple[str, str]]) -> Catalog:
    """One catalogue from several YAML files given as (text, source); ids are unique across all."""
    entries: list[tuple[int, CatalogEntry]] = []
    reserved: list[tuple[int, ReservedId]] = []
    problems: list[str] = []
    for text, source in texts:
        top = _top_level(text, source)
        file_entries, entry_problems = _items(top.exploits, "exploit", EntryModel, to_entry)
        file_reserved, reserved_problems = _items(top.reserved, "reserved", ReservedModel, to_reserved)
        problems += [f"{source}: {problem}" for problem in entry_problems + reserved_problems]
        entries += file_entries
        reserved += file_reserved
    problems += [f"{texts[0][1]}: {problem}" for problem in _consistency(entries, reserved)]
    if problems:
        raise CatalogError(problems)
    return Catalog((entry for _, entry in entries), (item for _, item in reserved))


def _consistency(
    entries: list[tuple[int, CatalogEntry]], reserved: list[tuple[int, ReservedId]]
) -> list[str]:
    return consistency_problems(entries, [item for _, item in reserved])


def _shipped_texts() -> list[tuple[str, str]]:
    """exploits.yaml, then every exploits.d/*.yaml in name order."""
    package = resources.files("aucote.catalog")
    texts = [(package.joinpath(SHIPPED_FILE).read_text(encoding="utf-8"), SHIPPED_FILE)]
    extras = package.joinpath(SHIPPED_EXTRAS)
    if extras.is_dir():
        for item in sorted(extras.iterdir(), key=lambda entry: entry.name):
            if item.name.endswith(".yaml"):
                texts.append((item.read_text(encoding="utf-8"), f"{SHIPPED_EXTRAS}/{item.name}"))
    return texts


def _top_level(text: str, source: str) -> CatalogFileModel:
    try:
        document = read_document(text)
    except ValueError as error:
        raise CatalogError([f"{source}: {error}"]) from None
    if not isinstance(document, dict):
        raise CatalogError([f"{source}: expected a mapping with 'version' and 'exploits'"])
    try:
        return CatalogFileModel.model_validate(document)
    except ValidationError as error:
        raise CatalogError(validation_problems(source, error)) from None


def _items(
    raws: Sequence[object],
    kind: str,
    model: type[Model],
    convert: Callable[[Model], Item],
) -> tuple[list[tuple[int, Item]], list[str]]:
    """Validate each item on its own so that every bad item is reported, with its label."""
    items: list[tuple[int, Item]] = []
    problems: list[str] = []
    for position, raw in enumerate(raws, start=1):
        label = entry_label(kind, raw, position)
        if not isinstance(raw, dict):
            problems.append(f"{label}: expected a mapping of fields, got {type(raw).__name__}")
            continue
        try:
            items.append((position, convert(model.model_validate(raw))))
        except ValidationError as error:
            problems += validation_problems(label, error)
    return items, problems
