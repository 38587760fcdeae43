"""Reading pages in tests: the rows of a table, the links of a page, with the standard parser."""

from html.parser import HTMLParser


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.rows: list[list[str]] = []
        self._href: str | None = None
        self._text: list[str] = []
        self._cells: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href, self._text = dict(attrs).get("href") or "", []
        elif tag == "tr":
            self._cells = []
        elif tag in ("td", "th") and self._cells is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((" ".join("".join(self._text).split()), self._href))
            self._href = None
        elif tag in ("td", "th") and self._cells is not None and self._cell is not None:
            self._cells.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._cells is not None:
            self.rows.append(self._cells)
            self._cells = None

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def parse(page: str) -> _Parser:
    """The page's links and table rows."""
    parser = _Parser()
    parser.feed(page)
    return parser


def links(page: str) -> list[tuple[str, str]]:
    """Every link as (text, href)."""
    return parse(page).links


def link(page: str, text: str) -> str:
    """The href of the first link whose text is `text`."""
    return next(href for label, href in links(page) if label == text)


def rows(page: str) -> list[list[str]]:
    """The text of every table row's cells (header rows included)."""
    return parse(page).rows
