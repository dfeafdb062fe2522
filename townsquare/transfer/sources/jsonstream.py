"""Streaming the elements of a big JSON array without loading the whole document.

Commento exports one JSON document, ``{"version": 1, "comments": [...], "commenters": [...]}``,
which can be far larger than memory should hold. :func:`array_items` walks the top-level object
and yields the elements of one of its arrays one at a time, decoding each with the standard
``json`` decoder from a small rolling buffer; other members are skipped the same way.
:func:`document_items` does the same for a document that is itself an array (Isso's generic
JSON). An error names the line and column.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from townsquare.transfer.records import ImportFileError

CHUNK = 1 << 16
# A single element larger than this is taken for a malformed file rather than read on and on.
ELEMENT_MAX_CHARS = 16 << 20
_WHITESPACE = " \t\n\r"


class _Reader:
    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.buffer = ""
        self.pos = 0
        self.eof = False
        self.line = 1  # line of buffer[0]
        self.column_base = 0  # characters between the last newline before buffer[0] and it

    def _fill(self) -> bool:
        if self.eof:
            return False
        data = self.stream.read(CHUNK)
        try:
            text = self.decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            raise ImportFileError("the file is not UTF-8", **self._where(len(self.buffer))) from exc
        if not data:
            self.eof = True
        if self.pos > CHUNK:
            self._trim()
        self.buffer += text
        return bool(data) or bool(text)

    def _trim(self) -> None:
        dropped = self.buffer[: self.pos]
        newlines = dropped.count("\n")
        if newlines:
            self.line += newlines
            self.column_base = len(dropped) - dropped.rfind("\n") - 1
        else:
            self.column_base += len(dropped)
        self.buffer = self.buffer[self.pos :]
        self.pos = 0

    def _where(self, position: int) -> dict[str, int]:
        before = self.buffer[:position]
        newlines = before.count("\n")
        if newlines:
            column = len(before) - before.rfind("\n")
        else:
            column = self.column_base + len(before) + 1
        return {"line": self.line + newlines, "column": column}

    def error(self, message: str, position: int | None = None) -> ImportFileError:
        return ImportFileError(message, **self._where(self.pos if position is None else position))

    def peek(self) -> str:
        """The next non-whitespace character ("" at the end of the file), not consumed."""
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._fill():
                return ""

    def take(self, expected: str) -> None:
        if self.peek() != expected:
            found = self.peek() or "the end of the file"
            raise self.error(f"expected {expected!r}, found {found!r}")
        self.pos += 1

    def value(self) -> Any:
        """Decode the JSON value at the current position, reading more of the file as needed."""
        self.peek()
        decoder = json.JSONDecoder()
        while True:
            try:
                value, end = decoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as exc:
                if self.eof or len(self.buffer) - self.pos > ELEMENT_MAX_CHARS:
                    raise self.error(f"not valid JSON ({exc.msg})", exc.pos) from exc
                self._fill()
                continue
            # A number can end at the buffer's end only because the rest is not read yet.
            if end == len(self.buffer) and not self.eof:
                self._fill()
                continue
            self.pos = end
            return value

    def skip(self) -> None:
        """Skip the value here; arrays element by element, so a big one is never held whole."""
        if self.peek() == "[":
            for _ in self.elements():
                pass
        else:
            self.value()

    def elements(self) -> Iterator[Any]:
        self.take("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            following = self.peek()
            if following == ",":
                self.pos += 1
            elif following == "]":
                self.pos += 1
                return
            else:
                raise self.error(
                    f"expected ',' or ']' in the array, found {following or 'the end'!r}"
                )


def array_items(stream: BinaryIO, key: str) -> Iterator[Any]:
    """The elements of the top-level object's array ``key`` (nothing if it has none)."""
    reader = _Reader(stream)
    if reader.peek() == "\ufeff":
        reader.pos += 1
    reader.take("{")
    if reader.peek() == "}":
        return
    while True:
        name = reader.value()
        if not isinstance(name, str):
            raise reader.error("expected a member name")
        reader.take(":")
        if name == key and reader.peek() == "[":
            yield from reader.elements()
        else:
            reader.skip()
        following = reader.peek()
        if following == ",":
            reader.pos += 1
        elif following == "}":
            reader.pos += 1
            if reader.peek():
                raise reader.error("unexpected data after the JSON document")
            return
        else:
            raise reader.error(
                f"expected ',' or '}}', found {following or 'the end of the file'!r}"
            )


def document_items(stream: BinaryIO) -> Iterator[Any]:
    """The elements of a document that is one top-level array, one at a time."""
    reader = _Reader(stream)
    if reader.peek() == "\ufeff":
        reader.pos += 1
    if reader.peek() != "[":
        raise reader.error("expected a JSON array ('[') at the start of the file")
    yield from reader.elements()
    if reader.peek():
        raise reader.error("unexpected data after the JSON document")
