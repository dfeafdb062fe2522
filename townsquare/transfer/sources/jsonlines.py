"""Reading JSON Lines (one JSON document per line) with the line and column of any error."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from townsquare.transfer.records import ImportFileError


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
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            raise ImportFileError(
                f"not valid JSON ({exc.msg})", line=number, column=exc.colno
            ) from exc
