"""Opening an NVD JSON feed file (plain or gzip, format 1.1 or 2.0) and reading its CVEs one by one."""

import gzip
import io
import zlib
from collections.abc import Callable, Iterator
from itertools import count
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Final, TypeVar

from pydantic import ValidationError

from aucote.cve.nvd import v11, v20
from aucote.cve.records import CveRecord
from aucote.cve.stream import ArrayStream, StreamError

ItemModel = type[v11.Item] | type[v20.Item]
FORMATS: Final[dict[str, tuple[str, ItemModel]]] = {
    v11.ITEMS_KEY: ("1.1", v11.Item),
    v20.ITEMS_KEY: ("2.0", v20.Item),
}
"""The key of each format's item array, its version and the model of one item."""
_GZIP_MAGIC: Final = b"\x1f\x8b"
T = TypeVar("T")
_END: Final = object()
_JSON_TYPES: Final[dict[type, str]] = {
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
    type(None): "null",
}


class FeedError(ValueError):
    """A feed file that cannot be read: the message names the file and the problem."""


class FeedReader:
    """An open feed: its format, its size and how much of it has been read, and its CVEs.

    Use it as a context manager (`with FeedReader(path) as feed:`); entering reads the header."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.format = ""
        self.size = 0
        self._raw: BinaryIO | None = None
        self._stream: ArrayStream | None = None

    def __enter__(self) -> "FeedReader":
        try:
            self._raw = self.path.open("rb")
            self.size = self.path.stat().st_size
        except OSError as error:
            raise FeedError(f"{self.path}: cannot read the file ({error.strerror or error})") from None
        try:
            self.format = FORMATS[self._guard(self._open_stream)][0]
        except FeedError:
            self._raw.close()
            raise
        return self

    def _open_stream(self) -> str:
        """Wrap the file (gunzipped if needed) in a stream and read up to the items; their key."""
        assert self._raw is not None
        gzipped = self._raw.read(2) == _GZIP_MAGIC
        self._raw.seek(0)
        binary = gzip.GzipFile(fileobj=self._raw, mode="rb") if gzipped else self._raw
        self._stream = ArrayStream(io.TextIOWrapper(binary, encoding="utf-8"), FORMATS)
        return self._stream.find_array()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._raw is not None:
            self._raw.close()

    @property
    def position(self) -> int:
        """Bytes of the file read so far (compressed bytes for a gzip file)."""
        return 0 if self._raw is None or self._raw.closed else self._raw.tell()

    def records(self) -> Iterator[CveRecord]:
        """Every CVE of the feed in file order; FeedError names the item that cannot be read."""
        assert self._stream is not None and self._stream.key is not None, "use FeedReader as a context"
        model = FORMATS[self._stream.key][1]
        items = self._stream.items()
        for number in count(1):
            item = self._guard(lambda: next(items, _END))
            if item is _END:
                return
            yield self._record(model, item, number)

    def _record(self, model: ItemModel, item: object, number: int) -> CveRecord:
        if not isinstance(item, dict):
            kind = _JSON_TYPES.get(type(item), type(item).__name__)
            raise FeedError(f"{self.path}: item #{number}: expected a JSON object, got {kind}")
        try:
            return model.model_validate(item).to_record()
        except ValidationError as error:
            detail = error.errors()[0]
            field = ".".join(str(part) for part in detail["loc"])
            problem = f"{field}: {detail['msg']}"
        except ValueError as error:
            problem = str(error)
        raise FeedError(f"{self.path}: {_label(item, number)}: {problem}")

    def _guard(self, read: Callable[[], T]) -> T:
        """Run a read of the stream, turning decoding problems into FeedError."""
        try:
            return read()
        except StreamError as error:
            raise FeedError(f"{self.path}: {error}") from None
        except UnicodeDecodeError:
            raise FeedError(f"{self.path}: not UTF-8 text (is it an NVD JSON feed?)") from None
        except (OSError, EOFError, zlib.error) as error:
            raise FeedError(f"{self.path}: damaged or unreadable file ({error})") from None


def _label(item: object, number: int) -> str:
    """`item #3 (CVE-2021-41773)` when the item's CVE id can be found, else `item #3`."""
    cve = item.get("cve") if isinstance(item, dict) else None
    found = None
    if isinstance(cve, dict):
        meta = cve.get("CVE_data_meta")
        found = cve.get("id") or (meta.get("ID") if isinstance(meta, dict) else None)
    return f"item #{number} ({found})" if isinstance(found, str) else f"item #{number}"
