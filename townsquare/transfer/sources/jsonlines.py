"""Reading JSON Lines (one JSON document per line) with the line and column of any error.

A line nested more than ``MAX_DEPTH`` arrays or objects deep is refused before it is decoded:
Python's decoder recurses once per level, so 100,000 brackets ended in a RecursionError, and no
export of ours nests past a handful of levels.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from townsquare.transfer.records import ImportFileError

MAX_DEPTH = 100


def _too_deep_at(line: str) -> int | None:
    """The 0-based index where ``line`` opens its (MAX_DEPTH + 1)-th nested level, else None.

    Brackets inside strings do not count. Only a line with that many opening brackets at all is
    scanned character by character, so ordinary lines cost two ``str.count`` calls.
    """
    if line.count("[") + line.count("{") <= MAX_DEPTH:
        return None
    depth, in_string, escaped = 0, False, False
    for index, char in enumerate(line):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return index
        elif char in "]}":
            depth -= 1
    return None


def documents(stream: BinaryIO) -> Iterator[tuple[int, Any]]:
    """(line number, parsed document) for each non-blank line."""
    for number, raw in enumerate(stream, 1):
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                "the file is not UTF-8", line=number, column=exc.start + 1
            ) from exc
        line = line.rstrip("\r\n")  # else an error at the end is reported on "line 2, column 1"
        if not line.strip():
            continue
        too_deep = _too_deep_at(line)
        if too_deep is not None:
            raise ImportFileError(
                f"nested more than {MAX_DEPTH} levels deep", line=number, column=too_deep + 1
            )
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            raise ImportFileError(
                f"not valid JSON ({exc.msg})", line=number, column=exc.colno
            ) from exc
