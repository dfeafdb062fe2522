"""Programmatic misspelling for training data: spelling must carry no label.

Commenters dodge filters with leetspeak (``1d10t``), swapped, dropped or doubled letters, spaces
or dots inside a word (``i d i o t``) and words run together. A model that only ever sees such
spellings in uncivil texts learns "odd spelling means uncivil" and holds civil comments with a
typo. So every function here is applied to civil and uncivil texts alike, at the same rate
(``contrast.py`` and ``finetune.py`` do that), and the label of a copy is its original's.

Everything is driven by a ``random.Random`` passed in, so a seed gives the same copies.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence

LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7", "l": "1", "g": "9", "b": "8"}
LEET_SYMBOLS = {"a": "@", "s": "$", "i": "!", "o": "*", "u": "*", "e": "*"}
WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]")


def leet(word: str, rng: random.Random) -> str:
    """Swap one to all of the letters that have a digit look-alike (``idiot`` -> ``1d10t``)."""
    table = LEET if rng.random() < 0.7 else LEET_SYMBOLS
    spots = [i for i, c in enumerate(word) if c.lower() in table]
    if not spots:
        return insert_char(word, rng)
    k = rng.randint(1, len(spots))
    chosen = set(rng.sample(spots, k))
    return "".join(table[c.lower()] if i in chosen else c for i, c in enumerate(word))


def swap_chars(word: str, rng: random.Random) -> str:
    """Two neighbouring letters change places (``idiot`` -> ``iodit`` is two; one swap here)."""
    if len(word) < 3:
        return word + word[-1]
    i = rng.randrange(0, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def drop_char(word: str, rng: random.Random) -> str:
    """One letter left out, never the first (``idiot`` -> ``idot``)."""
    if len(word) < 4:
        return word + word[-1]
    i = rng.randrange(1, len(word))
    return word[:i] + word[i + 1 :]


def insert_char(word: str, rng: random.Random) -> str:
    """A letter doubled or a stray symbol inside (``idiot`` -> ``idiiot``, ``id-iot``)."""
    i = rng.randrange(1, len(word) + 1) if len(word) > 1 else 1
    extra = word[i - 1] if rng.random() < 0.6 else rng.choice("*-._")
    return word[:i] + extra + word[i:]


def space_inside(word: str, rng: random.Random) -> str:
    """Letters spread out by spaces or dots (``idiot`` -> ``i d i o t``, ``i.d.i.o.t``)."""
    sep = rng.choice([" ", " ", ".", "-", "_"])
    if len(word) > 5 and rng.random() < 0.5:  # one break only: ``idi ot``
        i = rng.randrange(1, len(word) - 1)
        return word[:i] + sep + word[i:]
    return sep.join(word)


WORD_EDITS: tuple[Callable[[str, random.Random], str], ...] = (
    leet,
    swap_chars,
    drop_char,
    insert_char,
    space_inside,
)


def obfuscate_word(word: str, rng: random.Random) -> str:
    """One of the word edits, chosen by ``rng``; the result always differs from ``word``."""
    for _ in range(4):
        out = rng.choice(WORD_EDITS)(word, rng)
        if out != word:
            return out
    return word + word[-1]


def join_words(text: str, rng: random.Random) -> str:
    """Two neighbouring words run together (the space between them dropped)."""
    gaps = [m.start() for m in re.finditer(r"(?<=[A-Za-z]) (?=[A-Za-z])", text)]
    if not gaps:
        return text
    i = rng.choice(gaps)
    return text[:i] + text[i + 1 :]


def obfuscate(
    text: str,
    rng: random.Random,
    *,
    words: int = 1,
    prefer: Sequence[str] = (),
    min_length: int = 3,
) -> str:
    """``text`` with ``words`` of its words misspelt (and, one time in six, two words joined).

    ``prefer``: words to pick first when present (``contrast.py`` passes the slot fillers, e.g.
    the group or the insult, which civil and uncivil items share). Otherwise words of at least
    ``min_length`` letters are picked at random. Returns ``text`` unchanged only when it has no
    word to edit.
    """
    matches = [m for m in WORD.finditer(text) if len(m.group()) >= min_length]
    if not matches:
        return join_words(text, rng)
    preferred_lower = {p.lower() for p in prefer}
    preferred = [m for m in matches if m.group().lower() in preferred_lower]
    picked: list[re.Match[str]] = []
    pool = list(matches)
    for _ in range(min(words, len(matches))):
        source = [m for m in preferred if m not in picked] if preferred else []
        if not source or rng.random() < 0.3:
            source = [m for m in pool if m not in picked]
        if not source:
            break
        picked.append(rng.choice(source))
    out = text
    for m in sorted(picked, key=lambda m: m.start(), reverse=True):
        out = out[: m.start()] + obfuscate_word(m.group(), rng) + out[m.end() :]
    if rng.random() < 1 / 6:
        out = join_words(out, rng)
    return out
