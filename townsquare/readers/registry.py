"""What the apps above ``readers`` hold under a reader's address, registered by those apps.

A reader's data download and erasure (docs/data-rights.md) must reach data that lives in apps
this one cannot import (a lower layer never imports a higher one). Each such app registers, in
its ``AppConfig.ready()``:

- a section: ``(email=...) -> dict`` whose keys join the download
  (``selectors.reader_data_for``);
- an eraser: ``(email=...) -> None``, run inside the erasure's transaction
  (``services.reader_data_erase``).

Today ``notifications`` registers both (reply e-mail subscriptions, the delivery choice). They
run in the order they registered: the order of their apps in ``INSTALLED_APPS``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ReaderDataSection = Callable[..., dict[str, Any]]
ReaderDataEraser = Callable[..., Any]

_sections: list[ReaderDataSection] = []
_erasers: list[ReaderDataEraser] = []


def reader_data_section_register(section: ReaderDataSection) -> None:
    """Add ``section(email=...)``'s keys to every reader's data download (once)."""
    if section not in _sections:
        _sections.append(section)


def reader_data_eraser_register(eraser: ReaderDataEraser) -> None:
    """Run ``eraser(email=...)`` in every erasure of a reader's data (once)."""
    if eraser not in _erasers:
        _erasers.append(eraser)


def reader_data_sections() -> tuple[ReaderDataSection, ...]:
    """The registered download sections, in the order they run."""
    return tuple(_sections)


def reader_data_erasers() -> tuple[ReaderDataEraser, ...]:
    """The registered erasers, in the order they run."""
    return tuple(_erasers)
