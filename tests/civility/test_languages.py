"""civility.languages: what the model scores, and when a detection counts."""

from __future__ import annotations

import pytest

from townsquare import civility
from townsquare.civility.languages import (
    MIN_WORDS,
    UNDETERMINED,
    language_detect,
    language_guess,
    word_count,
)


def test_the_model_scores_english_only():
    assert civility.SCORED_LANGUAGES == ("en",)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Gracias por el artículo, explica muy bien lo que pasó en el pleno.", "es"),
        ("Merci pour cet article, il résume bien le débat au conseil municipal.", "fr"),
        ("Danke für den Artikel, er fasst die Debatte im Stadtrat gut zusammen.", "de"),
        ("The council should publish the whole survey before the harbour vote.", "en"),
    ],
)
def test_a_sentence_is_detected_with_confidence(text, code):
    found = language_detect(text, default="en")
    assert (found.language, found.detected, found.assumed) == (code, code, False)
    assert found.scored == (code == "en")


@pytest.mark.parametrize("text", ["Gracias", "Dumb ass", "😂😂😂", "+1", "", "Muy bien, gracias"])
def test_a_short_text_is_in_the_sites_language(text):
    # The detector is sure of some of these ("Dumb ass": Luxembourgish at 0.97), so length
    # decides first.
    assert word_count(text) < MIN_WORDS
    found = language_detect(text, default="en-GB")
    assert (found.language, found.assumed, found.scored) == ("en", True, True)
    in_spanish = language_detect(text, default="es-MX")
    assert (in_spanish.language, in_spanish.scored) == ("es", False)


def test_links_are_not_words_and_not_evidence():
    text = "https://example.org/noticias/2026/presupuesto-del-puerto-y-los-vecinos www.example.org"
    assert word_count(text) == 0
    assert language_guess(text) == (UNDETERMINED, 0.0)
