"""The report form's character counter in a real browser, in the story's language."""

from __future__ import annotations

import pytest

from tests.factories import make_comment, make_site, make_story


@pytest.mark.django_db(transaction=True)
def test_the_counter_counts_in_french_with_french_plurals(page, live_server):
    """French says "il reste 1 caractère" and "2 caractères"; report.js picks the form with the
    browser's plural rules for the page's ``lang`` from the forms the page sends."""
    comment = make_comment(story=make_story(site=make_site(language="fr")))
    page.goto(f"{live_server.url}/comments/{comment.pk}/report/")
    assert page.locator("html").get_attribute("lang") == "fr"
    box, hint = page.locator("#id_details"), page.locator("#details-hint")
    box.fill("x" * 499)
    hint.filter(has_text="Il reste 1 caractère.").wait_for()
    box.fill("x" * 498)
    hint.filter(has_text="Il reste 2 caractères.").wait_for()
    box.fill("x" * 502)
    hint.filter(has_text="2 caractères au-delà de la limite de 500.").wait_for()
