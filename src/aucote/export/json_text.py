"""JSON strings as the exports write them by hand: `text` is the json module's own (C) encoder of
strings, as `json.JSONEncoder(ensure_ascii=False)` writes them; `inner` the same without the quotes.
JSON escapes character by character, so the escaped parts of a text joined are the escaped text:
an export writes a string from parts escaped once (an exploit's title) and parts of its row."""

from json.encoder import encode_basestring

text = encode_basestring
"""`"…"`: a JSON string."""


def inner(value: str) -> str:
    """A JSON string without its quotes: the escaped characters, to join with others in one string."""
    return text(value)[1:-1]
