"""The author's edit and delete pages, the respect button and the sort links on the hosted page.

Readers post from public pages without CSRF tokens (see test_views), so these posts do too;
a plain browser: the test client, with its cookies (session, device).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.api.conftest import post_json
from tests.factories import make_comment
from townsquare.comments.models import Comment, CommentRevision
from townsquare.embed.tokens import thread_token_for

pytestmark = pytest.mark.django_db
OWN = settings.SITE_URL

FORM = {"author": "Ada Reader", "email": "ada@example.com", "url": "", "comment": "Well put."}


@pytest.fixture
def author(story) -> Client:
    """A reader who has posted one comment from this browser."""
    browser = Client()
    response = browser.post(f"/stories/{story.slug}/comments/", FORM)
    assert response.status_code == 303
    return browser


def own(story) -> Comment:
    return Comment.objects.get(story=story, body="Well put.")


def urls(story, comment):
    base = f"/stories/{story.slug}/comments/{comment.pk}"
    return f"{base}/edit/", f"{base}/delete/", f"{base}/respect/"


def test_the_author_edits_without_javascript_and_readers_see_edited(author, bystander, story):
    comment = own(story)
    edit, _, _ = urls(story, comment)
    page = author.get(edit)
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    assert "Well put.</textarea>" in page.content.decode()
    saved = author.post(edit, {"comment": "Well put, and *well* sourced."})
    assert saved.status_code == 303 and saved["Location"].endswith(f"#comment-{comment.pk}")
    assert "Your edit was saved." in author.get(saved["Location"]).content.decode()
    html = bystander.get(story.get_absolute_url()).content.decode()
    assert "<em>well</em> sourced" in html and 'class="ts-edited">edited' in html
    assert CommentRevision.objects.get(comment=comment).body == "Well put."


def test_a_stranger_gets_no_edit_or_delete_page(author, bystander, story):
    comment = own(story)
    edit, delete, _ = urls(story, comment)
    for url in (edit, delete):
        assert bystander.get(url).status_code == 404
        assert bystander.post(url, {"comment": "Hijacked"}).status_code == 404
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PUBLISHED


def test_a_refused_edit_keeps_what_the_reader_typed(author, story):
    from townsquare.moderation.models import WordRule

    WordRule.objects.create(kind=WordRule.Kind.BANNED, phrase="scoundrel")
    edit, _, _ = urls(story, own(story))
    response = author.post(edit, {"comment": "The skipper is a scoundrel, frankly."})
    assert response.status_code == 422  # "rejected", as the API answers it
    html = response.content.decode()
    assert "The skipper is a scoundrel, frankly.</textarea>" in html and "guidelines" in html
    assert own(story).edited_at is None


def test_after_the_window_the_edit_page_says_so_and_offers_delete(author, story):
    comment = own(story)
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(hours=1))
    edit, delete, _ = urls(story, comment)
    page = author.get(edit).content.decode()
    assert "can no longer be edited" in page and "<textarea" not in page and delete in page
    refused = author.post(edit, {"comment": "Late change"})
    assert refused.status_code == 409 and "Late change</textarea>" not in refused.content.decode()


def test_delete_asks_first_then_leaves_a_tombstone_under_which_replies_stay(
    author, bystander, story
):
    comment = own(story)
    make_comment(story=story, parent=comment, body="A reply that stays.", author_name="Ben")
    _, delete, _ = urls(story, comment)
    confirm = author.get(delete).content.decode()
    assert "Delete this comment?" in confirm and 'method="post"' in confirm
    done = author.post(delete)
    assert done.status_code == 303
    html = bystander.get(story.get_absolute_url()).content.decode()
    assert "This comment was deleted by its author." in html and "A reply that stays." in html
    assert "Well put." not in html and "Ada Reader" not in html


def test_the_private_page_links_the_authors_own_comment_and_the_public_page_does_not(
    author, bystander, story
):
    comment = own(story)
    edit, delete, _ = urls(story, comment)
    mine = author.get(story.get_absolute_url()).content.decode()
    # Relative to the article's page (the thread's links are written once per comment).
    page = story.get_absolute_url()
    assert (
        f'href="{edit.removeprefix(page)}"' in mine
        and f'href="{delete.removeprefix(page)}"' in mine
    )
    public = bystander.get(story.get_absolute_url())
    assert public["Cache-Control"].startswith("public")
    assert edit not in public.content.decode() and delete not in public.content.decode()


def _own_parts(browser: Client, story) -> dict:
    """What the page's script asks for (``POST /api/v1/forms`` from our own origin)."""
    return post_json(
        browser, "/api/v1/forms", {"thread_token": thread_token_for(story.pk)}, origin=OWN
    ).json()


def test_the_scripts_form_lists_what_this_browser_may_do(author, bystander, story):
    comment = own(story)
    other = make_comment(story=story, body="Someone else's")
    author.post(urls(story, other)[2], {"on": "1"})  # respected without JavaScript
    data = _own_parts(author, story)
    assert list(data["editable"]) == [str(comment.pk)]
    assert data["deletable"] == [comment.pk] and data["respected"] == [other.pk]
    nobody = _own_parts(bystander, story)
    assert nobody["editable"] == {} and nobody["deletable"] == [] and nobody["respected"] == []


def test_respect_without_javascript_redirects_to_the_comment_and_can_be_undone(bystander, story):
    comment = make_comment(story=story)
    _, _, respect = urls(story, comment)
    first = bystander.post(respect, {"on": "1"})
    assert first.status_code == 303 and first["Location"].endswith(f"#comment-{comment.pk}")
    assert "ts_device" in first.cookies and first.cookies["ts_posted"].value == "1"
    page = bystander.get(first["Location"]).content.decode()  # private: the notice is there
    assert "You respect this comment." in page and 'aria-pressed="true"' in page
    assert Comment.objects.get(pk=comment.pk).respect_count == 1
    bystander.post(respect, {"on": "0"})
    assert Comment.objects.get(pk=comment.pk).respect_count == 0


def test_respect_from_the_script_answers_the_count_and_never_who(bystander, story):
    comment = make_comment(story=story)
    _, _, respect = urls(story, comment)
    _own_parts(bystander, story)  # the script asks for the form first: a device cookie
    answer = post_json(
        bystander, f"/api/v1/comments/{comment.pk}/respect", {"on": True}, origin=OWN
    )
    data = answer.json()
    assert (data["respected"], data["respect_count"]) == (True, 1) and set(data) == {
        "respected",
        "respect_count",
        "device_token",
    }
    # The same reader as without JavaScript: the plain form now undoes it.
    bystander.post(respect, {"on": "0"})
    assert Comment.objects.get(pk=comment.pk).respect_count == 0
    held = make_comment(story=story, status=Comment.Status.PENDING)
    refused = post_json(bystander, f"/api/v1/comments/{held.pk}/respect", {"on": True}, origin=OWN)
    assert refused.status_code == 409
    cross_site = bystander.post(respect, {"on": "1"}, HTTP_ORIGIN="https://evil.example")
    assert cross_site.status_code == 403


@pytest.mark.redis
def test_the_respect_count_on_the_cached_page_follows_each_change(bystander, story):
    comment = make_comment(story=story)
    before = bystander.get(story.get_absolute_url())
    Client().post(urls(story, comment)[2], {"on": "1"})
    after = Client().get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert 'class="ts-respect__count" aria-label="1 respect">1<' in after.content.decode()


def test_the_sort_links_work_without_javascript(bystander, story):
    quiet = make_comment(story=story, body="Quiet one")
    loved = make_comment(story=story, body="Loved one")
    Comment.objects.filter(pk=loved.pk).update(respect_count=9)
    html = bystander.get(story.get_absolute_url()).content.decode()
    for value in ("oldest", "newest", "respected", "replies"):
        assert f'href="?sort={value}#comments"' in html
    sorted_page = bystander.get(f"{story.get_absolute_url()}?sort=respected").content.decode()
    assert sorted_page.index("Loved one") < sorted_page.index("Quiet one")
    assert 'data-sort="respected" aria-current="true"' in sorted_page
    assert quiet.pk
