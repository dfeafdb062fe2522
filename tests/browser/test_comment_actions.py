"""Edit, delete, respect and sort on the hosted page in a real browser (a few quick tests)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import make_comment, make_story, make_terms
from townsquare.comments.models import Comment
from townsquare.terms.models import TermsVersion


@pytest.fixture
def story(transactional_db):
    make_terms(TermsVersion.Kind.GUIDELINES)
    make_terms(TermsVersion.Kind.TERMS)
    return make_story()


def post_comment(page, text: str) -> None:
    form = page.locator("form.ts-form")
    form.get_by_role("textbox", name="Comment (required)").fill(text)
    form.get_by_role("textbox", name="Name (required)").fill("Browser Author")
    form.get_by_role("textbox", name="Email (required)").fill("browser.author@example.com")
    form.get_by_role("button", name="Post Comment").click()
    page.locator(".ts-comment", has_text=text).wait_for()


def test_the_author_edits_within_the_window_and_it_shows_edited(page, live_server, story):
    url = f"{live_server.url}{story.get_absolute_url()}"
    page.goto(url)
    post_comment(page, "The harbour wall was built in 1911.")
    page.reload()  # the author's page now: their own comment carries Edit
    mine = page.locator(".ts-comment", has_text="built in 1911")
    mine.get_by_role("link", name="Edit your comment").click()  # in place, as in the embed
    mine.locator(".ts-edit-form textarea").fill("The harbour wall was built in 1912.")
    mine.get_by_role("button", name="Save my edit").click()
    page.get_by_text("Your edit was saved.").wait_for()
    edited = page.locator(".ts-comment", has_text="built in 1912")
    assert edited.locator(".ts-edited").inner_text().startswith("edited")
    # Another reader sees the new text, marked edited, and no Edit link.
    other = page.context.browser.new_page()
    other.goto(url)
    assert other.locator(".ts-comment", has_text="built in 1912").locator(".ts-edited").count()
    assert other.get_by_role("link", name="Edit your comment").count() == 0
    other.close()


def test_the_author_deletes_and_a_tombstone_keeps_the_replies(page, live_server, story):
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    post_comment(page, "A comment I will regret.")
    mine = Comment.objects.get(body="A comment I will regret.")
    make_comment(story=story, parent=mine, body="A reply that should stay.", author_name="Ben")
    page.reload()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"#comment-{mine.pk}").get_by_role("link", name="Delete your comment").click()
    tombstone = page.locator(f"#comment-{mine.pk} > .ts-box .ts-tombstone")
    tombstone.wait_for()
    assert tombstone.inner_text() == "This comment was deleted by its author."
    page.reload()
    assert page.get_by_text("This comment was deleted by its author.").is_visible()
    assert page.get_by_text("A reply that should stay.").is_visible()
    assert page.get_by_text("A comment I will regret.").count() == 0


def test_respect_toggles_the_count_and_survives_a_reload(page, live_server, story):
    comment = make_comment(story=story, body="A fair point about the ferry.")
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    button = page.locator(f"#comment-{comment.pk}").get_by_role(
        "button", name=re.compile("^Respect")
    )
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    assert button.locator(".ts-respect__count").inner_text() == "1"
    page.reload()  # the script's form (the API, with the cookies) says what this browser respects
    expect(button).to_have_attribute("aria-pressed", "true")
    assert button.locator(".ts-respect__count").inner_text() == "1"
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    assert button.locator(".ts-respect__count").inner_text() == "0"
    assert Comment.objects.get(pk=comment.pk).respect_count == 0


def test_the_sort_choice_is_remembered_when_the_reader_comes_back(page, live_server, story):
    make_comment(story=story, body="The earliest remark.")
    loved = make_comment(story=story, body="The most respected remark.")
    Comment.objects.filter(pk=loved.pk).update(respect_count=12)
    url = f"{live_server.url}{story.get_absolute_url()}"
    page.goto(url)
    first = page.locator("#ts-list > .ts-comment").first
    assert "earliest" in first.inner_text()
    page.get_by_role("link", name="Most respected").click()  # in place, remembered
    page.locator('.ts-sort__link[data-sort="respected"][aria-current="true"]').wait_for()
    page.goto(url)  # back later, without ?sort
    page.locator('.ts-sort__link[data-sort="respected"][aria-current="true"]').wait_for()
    assert "most respected" in page.locator("#ts-list > .ts-comment").first.inner_text()
