"""What every wave file of contrast patterns (``contrast_wave3.py`` …) shares: each writes its
patterns in parts (threats, hate, civil twins…) and exports one table of them, kind -> patterns,
in the order the parts are given. A leaf module, so the wave files need not import
``contrast.py`` (which imports them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

Patterns = dict[str, list[tuple[str, ...]]]


def merge(*parts: Mapping[str, Sequence[tuple[str, ...]]]) -> Patterns:
    """The parts' patterns per kind, part by part in the given order."""
    wave: Patterns = {}
    for part in parts:
        for kind, patterns in part.items():
            wave.setdefault(kind, []).extend(patterns)
    return wave
