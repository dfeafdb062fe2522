"""Read through dodged spellings before the encoder: ``1d10t`` and ``i d i o t`` -> ``idiot``.

Commenters dodge filters with look-alike digits and symbols, letters spread out by spaces or
dots, a doubled, swapped or left-out letter. A fine-tuned encoder reads such a word as word
pieces it never learned together (``1d10t`` is ``1``, ``##d``, ``##10``, ``##t``), so the same
insult is held less often misspelt than spelt. This module rewrites those words into the word
they stand for, for the encoder only (the lexical tier still reads what was typed), and for civil
and uncivil comments alike: spelling then carries no label in either direction.

A word is rewritten only when it is not a known word and a known word explains it by one of the
edits below (the most frequent one wins); "known" is a ``Lexicon``: the words that occur at
least a few times in the training splits of the public sets that may train the shipped model,
with their counts, and the words of any dictionaries it was built with (``townsquare civility
spelling``). Nothing here knows which words are insults: a misspelt "neighbour" is read as
"neighbour" the same way. Numbers, prices and addresses are left as typed.

The rewritten text keeps, for every character, the span of the original text it came from, so
the encoder's token shares still fall on the words the reader typed (``Normalised.span``).

**Emoji** (``read_emoji``, for a model whose metadata says ``encoder.emoji``): the encoder's
vocabulary has none, so "Black people are 🐒" reached it as "black people are" and "I will 🔪
you" as "i will you". Each emoji is read as the words of its Unicode name, without the words
that carry nothing or mislead ("face", "sign", sizes, and the old names' "black" and "white",
which mean filled and hollow: "HEAVY BLACK HEART" is a heart, not a colour). Skin-tone modifiers,
joiners and variation selectors are never read: a tone must not carry a label.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# Look-alikes for letters; "*" masks a vowel ("f*ck") or is a stray symbol ("idi*ot").
LOOK_ALIKES: dict[str, str] = {
    "0": "o",
    "1": "il",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "8": "b",
    "9": "g",
    "@": "a",
    "$": "s",
    "!": "il",
    "|": "il",
    "+": "t",
    "*": "aeiou",
}
# Symbols put inside a word to break it up ("id-iot", "i.d.i.o.t").
SEPARATORS = "-._*"
LETTERS = "abcdefghijklmnopqrstuvwxyz"
# A word as a dodger writes it: letters, look-alikes and separators, nothing else (so no URL,
# address, hashtag or price).
DODGED_RE = re.compile(r"[a-z0-9@$!|+*._-]+")
LETTERS_RE = re.compile(r"[a-z]+")
# Numbers with a unit or an ending ("10th", "5pm", "1990s", "4x4"), prices and counts ("$1.4",
# "$1.0b", "700+"): never look-alikes ("$10.8" is not "slob").
NUMBER_RE = re.compile(r"[$+-]?[0-9][0-9.,:/x-]*(?:[a-z]{0,3}|\+)")
LEAD = "\"'([{<"
TRAIL = ".,;:?!\"')]}>"
MAX_CANDIDATES = 256
SPELLING_FILE = "words.txt.gz"  # the lexicon's name beside a model that reads through spelling
MIN_JOINED = 5  # two pieces joined ("idi ot"): the word they make has at least this many letters
MIN_SPREAD = 3  # letters spread one by one ("i d i o t"): at least this many
MIN_READING = 3  # a reading shorter than this is an abbreviation ("U.S." is not "us")
# Past these, nothing is read: a 20 KB "aaaa…" would otherwise mean half a million neighbours
# of 20,000 letters each. No word is that long, and the encoder reads only the first word pieces.
MAX_WORD = 40
MAX_WORDS = 400

# The emoji reading's version, as model metadata names it (``encoder.emoji``).
EMOJI_READING = 1
# Pictographs, dingbats and the symbols used as emoji; not letters, digits, currency or maths.
EMOJI_RE = re.compile(
    "[\U0001f300-\U0001f5ff\U0001f600-\U0001f64f\U0001f680-\U0001f6ff"
    "\U0001f900-\U0001f9ff\U0001fa70-\U0001faff\U0001f000-\U0001f0ff"
    "\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff]"
)
FLAG_RE = re.compile("[\U0001f1e6-\U0001f1ff]{2}")
# Never read: skin tones (U+1F3FB-1F3FF), the joiner, variation selectors.
SILENT_RE = re.compile("[\U0001f3fb-\U0001f3ff\u200d\ufe0e\ufe0f]")
# Words of Unicode names that say nothing about what an emoji shows, or mislead: "black" and
# "white" in the old names mean filled and hollow ("HEAVY BLACK HEART").
NAME_NOISE = frozenset(
    [
        "face",
        "sign",
        "symbol",
        "with",
        "of",
        "and",
        "the",
        "heavy",
        "black",
        "white",
        "medium",
        "small",
        "large",
        "emoji",
        "ornament",
        "modifier",
    ]
)
NAME_READINGS = {"hocho": "knife"}  # a Japanese name for the kitchen knife
MAX_EMOJI = 200  # past these, nothing more is read (a wall of emoji reads as its first 200)


@dataclass(frozen=True)
class Lexicon:
    """Known words (lower case, letters only) and how often each occurred."""

    counts: dict[str, int]

    def __contains__(self, word: str) -> bool:
        return word in self.counts

    def __len__(self) -> int:
        return len(self.counts)

    def best(self, candidates: Iterable[str]) -> str | None:
        """The most frequent known word among ``candidates`` (ties: alphabetical), or None."""
        known = [c for c in set(candidates) if c in self.counts]
        if not known:
            return None
        return min(known, key=lambda w: (-self.counts[w], w))

    @classmethod
    def build(
        cls, texts: Iterable[str], *, min_count: int = 3, words: Iterable[str] = ()
    ) -> Lexicon:
        """The words of ``texts`` seen at least ``min_count`` times, with their counts, and
        ``words`` (a dictionary: known however rarely seen, counted at least once)."""
        counter: Counter[str] = Counter()
        for text in texts:
            counter.update(LETTERS_RE.findall(text.lower()))
        counts = {w: n for w, n in counter.items() if n >= min_count}
        for word in words:
            if LETTERS_RE.fullmatch(word) and word not in counts:
                counts[word] = max(counter.get(word, 0), 1)
        return cls(counts)

    def save(self, path: Path) -> None:
        lines = [f"{w}\t{n}" for w, n in sorted(self.counts.items(), key=lambda x: (-x[1], x[0]))]
        path.parent.mkdir(parents=True, exist_ok=True)
        # No name or time in the header: the same words give the same bytes.
        with (
            path.open("wb") as raw,
            gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as out,
        ):
            out.write(("\n".join(lines) + "\n").encode("utf-8"))

    @classmethod
    def load(cls, path: Path) -> Lexicon:
        counts: dict[str, int] = {}
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                word, _, count = line.rstrip("\n").partition("\t")
                if word:
                    counts[word] = int(count or 1)
        return cls(counts)

    def digest(self) -> str:
        body = "\n".join(f"{w}\t{n}" for w, n in sorted(self.counts.items()))
        return hashlib.sha256(body.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Normalised:
    """The rewritten text and, per character of it, the span of the original it came from."""

    text: str
    starts: tuple[int, ...]  # empty when nothing was rewritten: every span maps onto itself
    ends: tuple[int, ...]
    rewrites: tuple[tuple[int, int, str], ...]  # (start, end, word) in the original text

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A span of ``text`` as a span of the original text ((0, 0) stays (0, 0))."""
        if end <= start or not self.rewrites:
            return start, end
        return self.starts[start], self.ends[end - 1]


def emoji_words(emoji: str) -> str:
    """What an emoji says, in lower-case words ("" for one whose name says nothing)."""
    try:
        name = unicodedata.name(emoji)
    except ValueError:
        return ""
    words = [w for w in re.split(r"[\s-]+", name.lower()) if w and w not in NAME_NOISE]
    return " ".join(NAME_READINGS.get(w, w) for w in words)


def read_emoji(text: str) -> list[tuple[int, int, str]]:
    """(start, end, words) for each emoji of ``text``, in order: a flag (two regional
    indicators) reads "flag"; skin tones, joiners and variation selectors read nothing (the
    emoji they follow reads as itself)."""
    out: list[tuple[int, int, str]] = []
    for match in itertools.islice(
        re.finditer(f"{FLAG_RE.pattern}|{EMOJI_RE.pattern}|{SILENT_RE.pattern}", text), MAX_EMOJI
    ):
        found = match.group()
        words = "flag" if FLAG_RE.fullmatch(found) else "" if SILENT_RE.fullmatch(found) else None
        if words is None:
            words = emoji_words(found)
        out.append((match.start(), match.end(), f" {words} " if words else " "))
    return out


def normalise(text: str, lexicon: Lexicon | None, *, emoji: bool = False) -> Normalised:
    """``text`` with every dodged word rewritten (``rewrites``; none without a lexicon) and,
    with ``emoji``, every emoji read as words, and where each character came from. A text with
    nothing to rewrite comes back as it was."""
    rewrites = find_rewrites(text, lexicon) if lexicon is not None else []
    if emoji:
        read = read_emoji(text)
        if read:
            taken = [(s, e) for s, e, _ in read]
            rewrites = sorted(
                read + [r for r in rewrites if not any(r[0] < e and s < r[1] for s, e in taken)]
            )
    if not rewrites:  # most comments: no per-character map to build
        return Normalised(text, (), (), ())
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    at = 0
    for start, end, word in rewrites:
        pieces.append(text[at:start])
        starts.extend(range(at, start))
        ends.extend(range(at + 1, start + 1))
        pieces.append(word)
        starts.extend([start] * len(word))
        ends.extend([end] * len(word))
        at = end
    pieces.append(text[at:])
    starts.extend(range(at, len(text)))
    ends.extend(range(at + 1, len(text) + 1))
    return Normalised("".join(pieces), tuple(starts), tuple(ends), tuple(rewrites))


@dataclass(frozen=True)
class _Word:
    start: int  # the core's span in the text: the chunk without leading and trailing punctuation
    end: int
    core: str  # lower case
    bare: bool  # the chunk is the core alone (no punctuation around it)


def _words(text: str) -> list[_Word]:
    out: list[_Word] = []
    for match in itertools.islice(re.finditer(r"\S+", text), MAX_WORDS):
        chunk = match.group()
        lead = len(chunk) - len(chunk.lstrip(LEAD))
        core = chunk[lead:].rstrip(TRAIL)
        if not core:
            continue
        start = match.start() + lead
        out.append(_Word(start, start + len(core), core.lower(), len(core) == len(chunk)))
    return out


def find_rewrites(text: str, lexicon: Lexicon) -> list[tuple[int, int, str]]:
    """(start, end, word) for each dodged word of ``text``, in order, never overlapping."""
    words = _words(text)
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        spread = _spread_run(words, i)
        if spread:
            joined = "".join(w.core for w in words[i : i + spread])
            if joined in lexicon:  # a list ("a b c") spells nothing: left as typed
                out.append((words[i].start, words[i + spread - 1].end, joined))
            i += spread
            continue
        word = words[i]
        if i + 1 < len(words) and word.bare and _joins(word.core, words[i + 1].core, lexicon):
            out.append((word.start, words[i + 1].end, word.core + words[i + 1].core))
            i += 2
            continue
        fixed = read_word(word.core, lexicon)
        if fixed is not None:
            out.append((word.start, word.end, fixed))
        i += 1
    return out


def _spread_run(words: list[_Word], i: int) -> int:
    """How many words from ``i`` are single letters typed one by one ("i d i o t"); 0 if
    fewer than MIN_SPREAD."""
    n = 0
    while i + n < len(words) and len(words[i + n].core) == 1 and words[i + n].core.isalpha():
        if n and not words[i + n - 1].bare:
            break
        n += 1
    return n if n >= MIN_SPREAD else 0


def _joins(left: str, right: str, lexicon: Lexicon) -> bool:
    """Two pieces of one word split by a space ("idi ot"): both letters, not both known words,
    and known together."""
    if not (left.isalpha() and right.isalpha()):
        return False
    if left in lexicon and right in lexicon:
        return False
    return len(left) + len(right) >= MIN_JOINED and (left + right) in lexicon


def read_word(core: str, lexicon: Lexicon) -> str | None:
    """The known word a dodged ``core`` (lower case) stands for, or None when it is known, is no
    dodge, or no known word explains it."""
    if len(core) > MAX_WORD or core in lexicon or not DODGED_RE.fullmatch(core):
        return None
    if core.isalpha():
        return lexicon.best(letter_edits(core))
    if NUMBER_RE.fullmatch(core) or sum(c.isalpha() for c in core) < 2 and len(core) < 4:
        return None  # a number, or too short to tell ("h8")
    return lexicon.best(r for r in look_alike_readings(core) if len(r) >= MIN_READING)


def look_alike_readings(core: str) -> list[str]:
    """Every reading of ``core`` with its look-alikes as letters and its separators dropped,
    capped at MAX_CANDIDATES."""
    options: list[tuple[str, ...]] = []
    for ch in core:
        # a letter stands for itself; a look-alike for its letters; any other digit for nothing
        choices = tuple(LOOK_ALIKES.get(ch, ch if ch.isalpha() else ""))
        options.append((*choices, "") if ch in SEPARATORS else choices)
    return ["".join(c) for c in itertools.islice(itertools.product(*options), MAX_CANDIDATES)]


def letter_edits(word: str) -> list[str]:
    """One doubled letter dropped, two neighbours swapped, or one left-out letter put back (for
    words of four letters or more: shorter ones have too many neighbours)."""
    out = [word[:i] + word[i + 1 :] for i in range(1, len(word)) if word[i] == word[i - 1]]
    if len(word) >= 3:
        out += [word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)]
    if len(word) >= 4:
        out += [word[:i] + c + word[i:] for i in range(1, len(word) + 1) for c in LETTERS]
    return out
