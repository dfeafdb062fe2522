"""Streaming, defused XML reading shared by the WordPress and Disqus importers.

``defusedxml`` refuses entity declarations (how "billion laughs" bombs expand) and external
entities and references (how XXE reads local files or calls out). Its refusal is turned into an
``ImportFileError`` with the line and column, as every other malformation is. Elements are
handed out one record at a time and removed from the tree once handled, so memory stays flat
whatever the file's size.

Real exports sometimes carry a stray byte, a blank line or a second byte-order mark before the
``<?xml`` declaration, which XML forbids; everything before the first ``<`` is skipped (and the
reported line and column still count it).

With ``recover`` (``townsquare import --recover``), records that are not well-formed are handed
out as ``Damaged`` (with their line) instead of stopping the import; see ``xmlrecover``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError

from defusedxml.ElementTree import DefusedXMLParser, iterparse

from townsquare.transfer.records import ImportFileError
from townsquare.transfer.sources.xmlrecover import Damaged, recovering_records

_ENTITY_REFUSAL = (
    "the file declares XML entities ({name!r}); they are refused because entity expansion and "
    "external entities are how XML bombs and file-reading attacks work"
)


class _RefusingParser(DefusedXMLParser):
    """defusedxml's parser, whose refusals say where in the file they happened."""

    def _where(self) -> dict[str, int]:
        return {
            "line": self.parser.CurrentLineNumber,
            "column": self.parser.CurrentColumnNumber + 1,
        }

    def defused_entity_decl(self, name, *args) -> None:
        raise ImportFileError(_ENTITY_REFUSAL.format(name=name), **self._where())

    def defused_unparsed_entity_decl(self, name, *args) -> None:
        raise ImportFileError(_ENTITY_REFUSAL.format(name=name), **self._where())

    def defused_external_entity_ref_handler(self, context, base, sysid, pubid) -> None:
        raise ImportFileError(
            f"the file refers to an external entity ({sysid!r}); external entities are refused",
            **self._where(),
        )


class _FromFirstMarkup:
    """Reads ``stream`` from its first ``<``; remembers the lines and columns it skipped."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.started = False
        self.skipped_lines = 0
        self.skipped_columns = 0

    def read(self, size: int = -1) -> bytes:
        if self.started:
            return self.stream.read(size)
        self.started = True
        chunk = self.stream.read(max(size, 1 << 16) if size and size > 0 else -1)
        if chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
            return chunk  # UTF-16 with a byte-order mark: nothing stray to skip
        start = chunk.find(b"<")
        if start <= 0:
            return chunk
        prefix = chunk[:start]
        self.skipped_lines = prefix.count(b"\n")
        self.skipped_columns = len(prefix) - (prefix.rfind(b"\n") + 1)
        return chunk[start:]

    def position(self, line: int, column: int) -> tuple[int, int]:
        """(line, column), 1-based, in the original file for expat's (line, 0-based column)."""
        if line == 1:
            column += self.skipped_columns
        return line + self.skipped_lines, column + 1


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def records(
    stream: BinaryIO, *, depth: int, recover: bool = False, breaks: frozenset[str] = frozenset()
) -> Iterator[Element | Damaged]:
    """Each element that closes at ``depth`` (the root is depth 0), complete with its children.

    The element is detached from its parent after the caller is done with it, so the tree
    never holds more than the record being read. With ``recover``, a record that is not
    well-formed is a ``Damaged`` and reading goes on (``breaks``: see ``recovering_records``).
    """
    if recover:
        yield from recovering_records(stream, depth=depth, parser_factory=_parser, breaks=breaks)
        return
    source = _FromFirstMarkup(stream)
    stack: list[Element] = []
    try:
        for event, element in iterparse(source, events=("start", "end"), parser=_parser()):
            if event == "start":
                stack.append(element)
                continue
            stack.pop()
            if len(stack) == depth:
                yield element
                if stack:
                    stack[-1].remove(element)
    except ParseError as exc:
        line, column = source.position(*exc.position)
        message = str(exc).split(":", 1)[0]
        raise ImportFileError(
            f"the file is not well-formed XML ({message})", line=line, column=column
        ) from exc
    except ImportFileError as exc:
        if exc.line is not None:
            exc.line, exc.column = source.position(exc.line, (exc.column or 1) - 1)
            exc.args = (f"{exc.message} (line {exc.line}, column {exc.column})",)
        raise
    if stack:
        raise ImportFileError("the file ends in the middle of an element")


def _parser() -> _RefusingParser:
    from xml.etree.ElementTree import TreeBuilder

    return _RefusingParser(target=TreeBuilder(), forbid_dtd=False)


def text(element: Element | None, *names: str) -> str:
    """The stripped text of the first child path ``names`` (local names, any namespace)."""
    for name in names:
        if element is None:
            return ""
        element = child(element, name)
    if element is None:
        return ""
    return "".join(element.itertext()).strip()


def child(
    element: Element, name: str, *, namespaces: tuple[str, ...] | None = None
) -> Element | None:
    for item in element:
        if local_name(item.tag) == name and (
            namespaces is None or namespace(item.tag) in namespaces
        ):
            return item
    return None


def attribute(element: Element | None, name: str) -> str:
    """An attribute by local name, whatever its namespace (``dsq:id``)."""
    if element is None:
        return ""
    for key, value in element.attrib.items():
        if local_name(key) == name:
            return value.strip()
    return ""


def damaged_attribute(damaged: Damaged, name: str) -> str:
    """An attribute of a damaged record's start tag, read leniently (quoted or not)."""
    pattern = re.compile(rb"(?:^|\s)" + re.escape(name.encode()) + rb"""\s*=\s*["']?([^"'\s/>]+)""")
    found = pattern.search(damaged.start_tag)
    return found.group(1).decode("utf-8", "replace") if found else ""


def damaged_texts(damaged: Damaged, name: str) -> list[str]:
    """The texts of every ``<name>`` child in a damaged record, read leniently (CDATA or not)."""
    pattern = re.compile(
        rb"<"
        + re.escape(name.encode())
        + rb"""\s*>\s*(?:<!\[CDATA\[)?\s*([^<\]]*?)\s*(?:\]\]>)?\s*</"""
    )
    return [found.decode("utf-8", "replace") for found in pattern.findall(damaged.raw)]


def damaged_reason(damaged: Damaged) -> str:
    """Why a damaged record is skipped; the report groups skips by the words before " (".

    ``--recover`` skips it; the line and column are where the parser found the fault.
    """
    return (
        f"not well-formed XML ({damaged.message} at line {damaged.line}, column "
        f"{damaged.column}); skipped by --recover"
    )


def damaged_kind(damaged: Damaged) -> str:
    """The report's kind for a damaged record that is not a comment or thread."""
    name = damaged.tag.rsplit(":", 1)[-1]
    if name in ("thread", "category"):
        return name
    return {"text": "text", "end": "file"}.get(damaged.tag, "element")


def damaged_label(damaged: Damaged) -> str:
    """How the report names a damaged record that has no id of its own."""
    return {"text": f"line {damaged.line}", "end": "end"}.get(damaged.tag, f"<{damaged.tag}>")
