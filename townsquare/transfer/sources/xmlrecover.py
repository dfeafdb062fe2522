"""``--recover``: reading an XML export whose records are not all well-formed.

A strict XML parser stops at the first fault, and a real export (a stray byte in one comment, one
unquoted attribute) then imports nothing. Recovery reads the file in two layers:

1. A tolerant lexical pass finds each *record* (an element at the given depth: a Disqus
   ``<thread>``, ``<post>`` or ``<category>``, a WordPress ``<item>``) by its tags alone:
   comments, CDATA sections and processing instructions are stepped over, quoted attribute values
   may hold ``>``, and an end tag closes the nearest open element of its name (so one child left
   unclosed cannot swallow the rest of the file).
2. Each record is then parsed on its own by the same defused parser as strict mode, inside its
   ancestors' start tags (which carry the namespace declarations). A record that parses is handed
   on as an ``Element``; one that does not becomes a ``Damaged`` with the line and column of the
   fault in the file, and the reader moves on to the next record.

Everything before the first record (the XML declaration, any DOCTYPE, the root's and its
children's start tags) is parsed strictly: entity declarations are refused exactly as in strict
mode, and a file whose root cannot be read is refused whole. Recovery never repairs a record:
a partly read comment could lose its spam flag or its thread, so what cannot be read is skipped.

The file is read streaming; only the record being read is held in memory. Encodings other than
UTF-8 and ASCII-compatible ones declared in the XML declaration are refused (UTF-16 cannot be cut
by byte patterns).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError

from townsquare.transfer.records import ImportFileError

CHUNK = 1 << 16
_NAME_END = re.compile(rb"[\s/>]")
_DOCTYPE_END = re.compile(rb"\]\s*>")
_WHITESPACE = re.compile(rb"\s+")


@dataclass
class Damaged:
    """A record that could not be parsed and is skipped: where it starts and why it failed."""

    tag: str  # the element's name as written ("post", "wp:comment"), or "text"
    start_tag: bytes  # its start tag as written (to find an id in), b"" for stray text
    raw: bytes  # the whole record as written
    line: int  # where the fault is
    column: int
    message: str
    start_line: int = 0  # where the record starts

    def where(self) -> str:
        return f"line {self.line}, column {self.column}"


class _Buffer:
    """The file's bytes from the start of what is still needed, with absolute offsets and lines."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.data = b""
        self.start = 0  # absolute offset of data[0]
        self.eof = False
        self.counted = 0  # absolute offset up to which lines are counted
        self.line = 1
        self.line_start = 0  # absolute offset of the current line's first byte

    def more(self) -> bool:
        if self.eof:
            return False
        chunk = self.stream.read(CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.data += chunk
        return True

    def byte(self, at: int) -> bytes:
        while at - self.start >= len(self.data):
            if not self.more():
                return b""
        return self.data[at - self.start : at - self.start + 1]

    def startswith(self, at: int, prefix: bytes) -> bool:
        while at - self.start + len(prefix) > len(self.data) and self.more():
            pass
        return self.data.startswith(prefix, at - self.start)

    def find(self, needle: bytes, at: int) -> int:
        """Absolute offset of ``needle`` from ``at``, reading on as needed; -1 at the end."""
        while True:
            found = self.data.find(needle, at - self.start)
            if found >= 0:
                return found + self.start
            if not self.more():
                return -1

    def search(self, pattern: re.Pattern, at: int) -> re.Match | None:
        while True:
            found = pattern.search(self.data, at - self.start)
            if found is not None:
                return found
            if not self.more():
                return None

    def slice(self, begin: int, end: int) -> bytes:
        return self.data[begin - self.start : end - self.start]

    def position(self, at: int) -> tuple[int, int]:
        """(line, column), 1-based, of absolute offset ``at`` (counted on from the last one)."""
        if at < self.counted:
            before = self.data[: at - self.start]
            line = self.line - self.data[at - self.start : self.counted - self.start].count(b"\n")
            newline = before.rfind(b"\n")
            start = self.start + newline + 1 if newline >= 0 else self.line_start
            return line, at - start + 1
        segment = self.data[self.counted - self.start : at - self.start]
        newlines = segment.count(b"\n")
        if newlines:
            self.line += newlines
            self.line_start = self.counted + segment.rfind(b"\n") + 1
        self.counted = at
        return self.line, at - self.line_start + 1

    def forget_before(self, at: int) -> None:
        """Drop the bytes before ``at`` (nothing before it will be asked for again)."""
        self.position(at)
        if at - self.start > CHUNK:
            self.data = self.data[at - self.start :]
            self.start = at


# A tag whose quoted values may hold ">" but nothing holds "<": the common case, found by one
# regular expression; anything else takes the byte-by-byte path below.
_TAG = re.compile(rb"""<[^<>"']*(?:(?:"[^"<]*"|'[^'<]*')[^<>"']*)*>""")


def _tag_end(buffer: _Buffer, at: int) -> tuple[int, bool]:
    """(offset just after the tag starting at ``at``, well-delimited?).

    ``>`` inside a quoted value does not end the tag; a ``<`` does (a value cannot hold one), so
    a tag with an unbalanced quote ends where the next tag starts and its record is reported.
    """
    while True:
        found = _TAG.match(buffer.data, at - buffer.start)
        if found is not None:
            return found.end() + buffer.start, True
        rest = buffer.data[at - buffer.start + 1 :]
        if b"<" in rest or b">" in rest or not buffer.more():
            break
    quote = b""
    position = at + 1
    while True:
        char = buffer.byte(position)
        if not char:
            return position, False
        if quote:
            if char == quote:
                quote = b""
            elif char == b"<":
                return position, False
        elif char in (b'"', b"'"):
            quote = char
        elif char == b">":
            return position + 1, True
        elif char == b"<":
            return position, False
        position += 1


def _name(tag: bytes) -> str:
    body = tag[2:] if tag.startswith(b"</") else tag[1:]
    match = _NAME_END.search(body)
    return body[: match.start() if match else len(body)].decode("utf-8", "replace")


def _one_line(start_tag: bytes) -> bytes:
    """A start tag on one line (XML reads newlines in attribute values as spaces anyway)."""
    return _WHITESPACE.sub(b" ", start_tag)


class _Reader:
    def __init__(
        self, stream: BinaryIO, depth: int, parser_factory, breaks: frozenset[str]
    ) -> None:
        self.buffer = _Buffer(stream)
        self.depth = depth
        self.breaks = breaks
        self.parser_factory = parser_factory
        self.declaration = b""
        self.ancestors: list[tuple[str, bytes]] = []  # (name, start tag) above the records
        self.head_checked = False
        # Where the markup starts (stray bytes before it are tolerated, as in strict mode).
        self.head_at: int | None = None
        self.head_where = (1, 1)

    # -- the head of the file, parsed strictly ---------------------------------------------
    def _check_head(self, up_to: int) -> None:
        """Parse everything before the first record strictly (entities refused as always)."""
        self.head_checked = True
        begin = self.head_at if self.head_at is not None else up_to
        head = self.buffer.slice(begin, up_to)
        closing = b"".join(f"</{name}>".encode() for name, _ in reversed(self.ancestors))
        parser = self.parser_factory()

        def where(line: int, column: int) -> dict[str, int]:
            """File position of the head's (line, 0-based column)."""
            first_line, first_column = self.head_where
            if line == 1:
                return {"line": first_line, "column": first_column + column}
            return {"line": first_line + line - 1, "column": column + 1}

        try:
            parser.feed(head + closing)
            parser.close()
        except ParseError as exc:
            raise ImportFileError(
                "the start of the file is not well-formed XML "
                f"({str(exc).split(':', 1)[0]}), so nothing can be recovered",
                **where(*exc.position),
            ) from exc
        except ImportFileError as exc:  # entities: refused, as in strict mode
            position = where(exc.line or 1, (exc.column or 1) - 1)
            raise ImportFileError(exc.message, **position) from exc

    # -- records ---------------------------------------------------------------------------
    def _record(self, begin: int, end: int, line: int, column: int) -> Element | Damaged:
        raw = self.buffer.slice(begin, end)
        start_tag = raw[: raw.find(b">") + 1] if b">" in raw else raw
        wrapper = b"".join(_one_line(tag) for _, tag in self.ancestors)
        closing = b"".join(f"</{name}>".encode() for name, _ in reversed(self.ancestors))
        # Line 1: the declaration and the ancestors; line 2 on: the record as in the file.
        document = self.declaration + wrapper + b"\n" + raw + b"\n" + closing
        parser = self.parser_factory()
        try:
            parser.feed(document)
            element = parser.close()
        except ParseError as exc:
            fault_line, fault_column = exc.position
            if fault_line <= 1:
                where = (line, column)
            elif fault_line == 2:
                where = (line, column + fault_column)
            else:
                where = (line + fault_line - 2, fault_column + 1)
            message = str(exc).split(":", 1)[0]
            if fault_line - 2 >= raw.count(b"\n") + 1:
                message, where = "the element is not closed", (line, column)
            return Damaged(_name(start_tag), start_tag, raw, *where, message, line)
        except ImportFileError as exc:
            return Damaged(_name(start_tag), start_tag, raw, line, column, exc.message, line)
        for _ in self.ancestors:
            element = element[-1]
        return element

    def records(self) -> Iterator[Element | Damaged]:
        buffer = self.buffer
        at = 0
        open_names: list[str] = []  # the elements open inside the current record
        record_at: int | None = None
        record_where = (0, 0)
        junk_at: int | None = None
        junk_where = (0, 0)

        def junk(begin: int) -> None:
            nonlocal junk_at, junk_where
            if junk_at is None:
                while buffer.byte(begin).isspace():
                    begin += 1
                junk_at, junk_where = begin, buffer.position(begin)

        def junk_done(until: int) -> Iterator[Damaged]:
            nonlocal junk_at
            if junk_at is not None:
                text = buffer.slice(junk_at, until)
                yield Damaged("text", b"", text, *junk_where, "text outside any element")
                junk_at = None

        while True:
            lt = buffer.find(b"<", at)
            stop = lt if lt >= 0 else buffer.start + len(buffer.data)
            if self.head_at is None and lt >= 0:
                self.head_at, self.head_where = lt, buffer.position(lt)
            if record_at is None and self.head_checked and buffer.slice(at, stop).strip():
                junk(at)
            if lt < 0:
                yield from junk_done(stop)
                break
            # Comments, CDATA, processing instructions and DOCTYPEs: stepped over whole.
            skipped = self._skip_markup(lt)
            if skipped is not None:
                at = skipped
                continue
            end, _ = _tag_end(buffer, lt)
            tag = buffer.slice(lt, end)
            name = _name(tag)
            at = end
            closed = tag.endswith(b"/>")
            if tag.startswith(b"</"):
                ancestor = any(n == name for n, _ in self.ancestors)
                if record_at is not None and name in open_names:
                    while open_names.pop() != name:
                        pass
                    if not open_names:
                        yield self._record(record_at, end, *record_where)
                        record_at = None
                        buffer.forget_before(end)
                elif record_at is not None and ancestor:
                    # An ancestor closes while a record is open: the record ends before it.
                    yield self._record(record_at, lt, *record_where)
                    record_at, open_names, at = None, [], lt
                elif record_at is None and ancestor:
                    yield from junk_done(lt)
                    while self.ancestors and self.ancestors.pop()[0] != name:
                        pass
                elif record_at is None and self.head_checked:
                    junk(lt)  # a stray end tag between records
                continue
            if record_at is not None:
                if closed:
                    continue
                if name != open_names[0] and name not in self.breaks:
                    open_names.append(name)
                    continue
                # No format nests a record in a record: the open one was never closed.
                yield self._record(record_at, lt, *record_where)
                record_at, open_names = None, []
            elif len(self.ancestors) < self.depth:
                if not closed:
                    self.ancestors.append((name, tag))
                continue
            # A record starts.
            yield from junk_done(lt)
            if not self.head_checked:
                self._check_head(lt)
            record_where = buffer.position(lt)
            if closed:
                yield self._record(lt, end, *record_where)
                buffer.forget_before(end)
                continue
            whole = self._whole(lt, end, name, record_where)
            if whole is not None:
                element, at = whole
                yield element
                buffer.forget_before(at)
            else:
                record_at, open_names = lt, [name]
        if record_at is not None:
            yield self._record(record_at, buffer.start + len(buffer.data), *record_where)
        elif not self.head_checked:
            self._check_head(buffer.start + len(buffer.data))
        if self.ancestors:
            line, column = buffer.position(buffer.start + len(buffer.data))
            name = self.ancestors[0][0]
            yield Damaged("end", b"", b"", line, column, f"the file ends before </{name}>")

    def _whole(
        self, lt: int, end: int, name: str, where: tuple[int, int]
    ) -> tuple[Element, int] | None:
        """The record from ``lt`` to its first closing tag, if that much parses; else None.

        Most records are well-formed, and then this span is exactly the one the tag-by-tag scan
        would find (a comment or CDATA holding the closing tag makes the span fail to parse, and
        the scan takes over), at a fraction of its cost.
        """
        buffer = self.buffer
        closing = f"</{name}".encode()
        at = end
        while True:
            found = buffer.find(closing, at)
            if found < 0:
                return None
            after = buffer.byte(found + len(closing))
            if after == b">" or after.isspace():
                break
            at = found + len(closing)
        gt = buffer.find(b">", found)
        if gt < 0:
            return None
        record = self._record(lt, gt + 1, *where)
        return (record, gt + 1) if isinstance(record, Element) else None

    def _skip_markup(self, lt: int) -> int | None:
        """The offset after a comment, CDATA section, PI or DOCTYPE at ``lt``; None for a tag."""
        buffer = self.buffer
        if buffer.byte(lt + 1) not in (b"!", b"?"):
            return None
        for opener, closer in ((b"<!--", b"-->"), (b"<![CDATA[", b"]]>"), (b"<?", b"?>")):
            if buffer.startswith(lt, opener):
                end = buffer.find(closer, lt + len(opener))
                after = end + len(closer) if end >= 0 else buffer.start + len(buffer.data)
                if opener == b"<?" and not self.ancestors and not self.declaration:
                    declaration = buffer.slice(lt, after)
                    if declaration.startswith(b"<?xml"):
                        self.declaration = _one_line(declaration)
                return after
        if buffer.startswith(lt, b"<!"):
            gt = buffer.find(b">", lt)
            bracket = buffer.find(b"[", lt)
            if 0 <= bracket < gt:
                found = buffer.search(_DOCTYPE_END, bracket)
                return found.end() + buffer.start if found else buffer.start + len(buffer.data)
            return gt + 1 if gt >= 0 else buffer.start + len(buffer.data)
        return None


def recovering_records(
    stream: BinaryIO, *, depth: int, parser_factory, breaks: frozenset[str] = frozenset()
) -> Iterator[Element | Damaged]:
    """Each record at ``depth`` that parses, and a ``Damaged`` for each that does not.

    ``breaks``: element names (as written, ``wp:comment``) that never open inside a record, so
    that one ends a record left unclosed (a record's own name always does).
    """
    head = stream.read(4)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError("--recover reads UTF-8 files only; this one is UTF-16")
    return _Reader(_Prefixed(head, stream), depth, parser_factory, breaks).records()


class _Prefixed:
    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self.head = head
        self.stream = stream

    def read(self, size: int = -1) -> bytes:
        if self.head:
            head, self.head = self.head, b""
            return head + self.stream.read(max(size - len(head), 0) if size > 0 else -1)
        return self.stream.read(size)
