from __future__ import annotations

import json
from urllib.parse import unquote

import pytest

from tests.conftest import csrf_post
from tests.factories import make_comment, make_story
from townsquare.comments.models import Comment

pytestmark = pytest.mark.django_db

FORM = {"author": "Ada Reader", "email": "ada@example.com", "url": "", "comment": "Well put."}


def post(client, story, data, **extra):
    return csrf_post(
        client, f"/stories/{story.slug}/comments/", data, page_url=story.get_absolute_url(), **extra
    )


def test_posting_through_the_form_with_csrf_adds_the_comment(reader, story, terms):
    response = post(reader, story, {**FORM, "tos_version": str(terms.pk)})
    comment = Comment.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"/stories/{story.slug}/#comment-{comment.pk}"
    assert comment.body == "Well put." and comment.status == "published"
    assert comment.terms_version == terms


def test_post_without_csrf_token_is_refused(reader, story):
    response = reader.post(f"/stories/{story.slug}/comments/", FORM)
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_validation_errors_sit_next_to_fields_and_keep_what_was_typed(reader, story):
    typed = {**FORM, "email": "not-an-address", "author": "", "comment": "My long *comment*"}
    response = post(reader, story, typed)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Please enter your name." in html
    assert "doesn&#x27;t look like an email address" in html
    assert "My long *comment*</textarea>" in html
    assert 'value="not-an-address"' in html
    assert not Comment.objects.exists()


def test_refusal_from_the_service_is_shown_and_keeps_the_comment(reader, db):
    closed = make_story(comments_open=False)
    open_story = make_story()
    response = csrf_post(
        reader,
        f"/stories/{closed.slug}/comments/",
        {**FORM, "comment": "Still want to say this"},
        page_url=open_story.get_absolute_url(),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Comments are closed on this story." in html
    assert "Still want to say this</textarea>" in html
    assert not Comment.objects.exists()


def test_closed_story_page_says_comments_are_closed(bystander, db):
    closed = make_story(comments_open=False)
    html = bystander.get(closed.get_absolute_url()).content.decode()
    assert "Comments are closed." in html
    assert 'name="comment"' not in html


@pytest.mark.parametrize(
    "garbage",
    [
        {"comment_parent": "abc"},
        {"comment_parent": "99999999999999999999999"},
        {"tos_version": "-4"},
        {"email": "x" * 5000},
        {"comment": "\x00nul"},
        {"url": "javascript:alert(1)"},
    ],
)
def test_malformed_input_never_answers_500(reader, story, garbage):
    response = post(reader, story, {**FORM, **garbage})
    assert response.status_code in (303, 400)


def test_remember_cookie_is_set_only_when_ticked(reader, bystander, story):
    plain = post(reader, story, FORM)
    assert (
        "townsquare_commenter" not in plain.cookies
        or not plain.cookies["townsquare_commenter"].value
    )
    ticked = post(bystander, story, {**FORM, "comment": "Another", "remember": "on"})
    saved = json.loads(unquote(ticked.cookies["townsquare_commenter"].value))
    assert saved == {"author": "Ada Reader", "email": "ada@example.com", "url": ""}


def test_script_post_gets_json_with_the_rendered_comment(reader, story):
    response = post(reader, story, FORM, HTTP_X_REQUESTED_WITH="townsquare")
    data = response.json()
    assert response.status_code == 201
    assert data["status"] == "published" and data["parent"] is None
    assert f'id="comment-{data["id"]}"' in data["html"]


def test_script_post_with_errors_gets_field_errors(reader, story):
    response = post(reader, story, {**FORM, "author": ""}, HTTP_X_REQUESTED_WITH="townsquare")
    assert response.status_code == 400
    assert response.json()["errors"]["author"][0]["message"] == "Please enter your name."


def test_own_pending_comment_is_marked_for_its_author_only(reader, bystander, db):
    story = make_story(premoderate=True)
    post(reader, story, {**FORM, "comment": "Held for review please"})
    mine = reader.get(story.get_absolute_url()).content.decode()
    theirs = bystander.get(story.get_absolute_url()).content.decode()
    assert "Your comment is awaiting moderation." in mine and "Held for review please" in mine
    assert "awaiting moderation" not in theirs and "Held for review please" not in theirs


def test_reply_link_works_without_javascript(bystander, story):
    top = make_comment(story=story, author_name="Bea")
    html = bystander.get(f"{story.get_absolute_url()}?replytocom={top.pk}").content.decode()
    assert f'name="comment_parent" value="{top.pk}"' in html
    assert "Cancel reply" in html
