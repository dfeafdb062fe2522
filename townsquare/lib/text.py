"""Text matching for word lists and link counting, independent of Django.

Word lists must catch the obvious disguises (accents, capitals, leetspeak, spacing punctuation)
while staying whole-word, so that a banned "ass" does not reject a comment about "class" or
"assessment".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_LEET_DIGITS = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b"})
_LEET_SYMBOLS = str.maketrans({"@": "a", "$": "s", "!": "i", "|": "l", "+": "t"})
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def fold(text: str, *, symbols: bool = True) -> str:
    """Lower-case, strip accents and undo common character substitutions.

    With ``symbols`` the punctuation look-alikes are letters too ("sh!t"); without, they stay
    punctuation, so "d1mw1t!" still ends at the "t". Matching tries both readings.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = without_marks.casefold().translate(_LEET_DIGITS)
    return folded.translate(_LEET_SYMBOLS) if symbols else folded


def _phrase_pattern(phrase: str) -> str:
    words = [re.escape(word) for word in fold(phrase).split()]
    # Words of a phrase may be separated by any run of non-letters ("kill-yourself", "kill  you").
    return r"(?<![a-z0-9])" + r"[\W_]+".join(words) + r"(?![a-z0-9])"


def compile_phrases(phrases: Iterable[str]) -> re.Pattern[str] | None:
    patterns = [_phrase_pattern(p) for p in phrases if p.strip()]
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def find_phrases(text: str, phrases: Iterable[str]) -> list[str]:
    """The listed phrases that occur as whole words in ``text`` (after folding)."""
    pattern = compile_phrases(phrases)
    if pattern is None:
        return []
    found = set()
    for folded in (fold(text), fold(text, symbols=False)):
        found |= {match.group(0) for match in pattern.finditer(folded)}
    return sorted(found)


def count_links(text: str) -> int:
    return len(_URL.findall(text))


def normalise_whitespace(text: str) -> str:
    return " ".join(text.split())
