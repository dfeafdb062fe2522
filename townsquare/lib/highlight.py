"""Mark the phrases the civility model blamed, for the reader's nudge and the moderator's card."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def highlight_spans(text: str, spans: Iterable[Mapping]) -> SafeString:
    """``text`` escaped, with each (start, end) span wrapped in ``<mark>``; overlaps merge."""
    ranges = sorted(
        (max(0, int(s["start"])), min(len(text), int(s["end"])))
        for s in spans
        if int(s["end"]) > int(s["start"])
    )
    merged: list[list[int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces, cursor = [], 0
    for start, end in merged:
        pieces.append(escape(text[cursor:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    pieces.append(escape(text[cursor:]))
    return mark_safe("".join(pieces))  # every piece of user text above went through escape()
