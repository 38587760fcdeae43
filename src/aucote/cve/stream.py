"""Reading the big array of a JSON document one item at a time, so a feed of hundreds of megabytes
never sits in memory whole. The document is a JSON object; the values of its other keys are read
whole (they are small headers)."""

import json
from collections.abc import Collection, Iterator
from typing import Final, TextIO

CHUNK: Final = 1 << 20
MAX_VALUE: Final = 64 << 20
"""A value still undecodable after this many characters is invalid, not incomplete."""
_WHITESPACE: Final = " \t\r\n"


class StreamError(ValueError):
    """The document is not valid JSON, or not an object holding one of the wanted arrays."""


class ArrayStream:
    """Items of the first array found under one of `keys` at the top level of a JSON object."""

    def __init__(self, text: TextIO, keys: Collection[str]) -> None:
        self._text = text
        self._keys = keys
        self._buffer = ""
        self._pos = 0
        self._dropped = 0
        self._eof = False
        self._decoder = json.JSONDecoder()
        self.key: str | None = None

    def find_array(self) -> str:
        """Read up to the wanted array's first item and return its key; StreamError if there is none."""
        self._expect("{")
        first = True
        while self._next_char() != "}":
            if not first:
                self._expect(",")
            first = False
            key = self._value()
            self._expect(":")
            if isinstance(key, str) and key in self._keys:
                self._expect("[")
                self.key = key
                return key
            self._value()
        raise StreamError(f"no {' or '.join(repr(key) for key in self._keys)} array at the top level")

    def items(self) -> Iterator[object]:
        """The array's items in order (after `find_array`)."""
        if self._next_char() == "]":
            return
        while True:
            yield self._value()
            self._compact()
            if self._next_char() == "]":
                return
            self._expect(",")

    def _value(self) -> object:
        """Decode the JSON value at the current position, reading more text until it is whole."""
        self._next_char()
        while True:
            try:
                value, end = self._decoder.raw_decode(self._buffer, self._pos)
            except json.JSONDecodeError as error:
                if self._eof or len(self._buffer) - self._pos > MAX_VALUE:
                    position = self._dropped + error.pos
                    raise StreamError(f"invalid JSON at character {position}: {error.msg}") from None
                self._fill()
                continue
            except (ValueError, RecursionError) as error:  # a number of too many digits, nested too deep
                position = self._dropped + self._pos
                raise StreamError(f"unreadable JSON at character {position}: {error}") from None
            if end < len(self._buffer) or self._eof:
                self._pos = end
                return value
            self._fill()

    def _next_char(self) -> str:
        """Skip whitespace and return the next character (StreamError at the end of the text)."""
        while True:
            while self._pos < len(self._buffer) and self._buffer[self._pos] in _WHITESPACE:
                self._pos += 1
            if self._pos < len(self._buffer):
                return self._buffer[self._pos]
            if self._eof:
                raise StreamError("the JSON text ends too early")
            self._fill()

    def _expect(self, char: str) -> None:
        found = self._next_char()
        if found != char:
            position = self._dropped + self._pos
            raise StreamError(f"invalid JSON at character {position}: expected {char!r}, found {found!r}")
        self._pos += 1

    def _fill(self) -> None:
        chunk = self._text.read(CHUNK)
        self._eof = not chunk
        self._buffer += chunk

    def _compact(self) -> None:
        if self._pos > CHUNK:
            self._dropped += self._pos
            self._buffer = self._buffer[self._pos :]
            self._pos = 0
