from __future__ import annotations

import json
import re
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
    # The first page of the thread, whole (not a page that starts with the new comment).
    assert response["Location"] == f"/stories/{story.slug}/#comment-{comment.pk}"
    assert comment.body == "Well put." and comment.status == "published"
    assert comment.terms_version == terms


def test_a_reader_posts_from_the_public_page_which_carries_no_csrf_token(reader, story):
    page = reader.get(story.get_absolute_url())
    assert "csrfmiddlewaretoken" not in page.content.decode() and not page.cookies
    response = reader.post(
        f"/stories/{story.slug}/comments/", FORM, HTTP_ORIGIN="http://testserver"
    )
    assert response.status_code == 303 and Comment.objects.count() == 1


def test_a_post_from_another_site_is_refused(reader, story):
    response = reader.post(
        f"/stories/{story.slug}/comments/", FORM, HTTP_ORIGIN="https://evil.example"
    )
    assert response.status_code == 403
    sandboxed = reader.post(f"/stories/{story.slug}/comments/", FORM, HTTP_ORIGIN="null")
    assert sandboxed.status_code == 403
    assert not Comment.objects.exists()


def test_a_signed_in_user_must_show_the_csrf_token(story):
    from django.contrib.auth.models import User
    from django.test import Client

    staff = Client(enforce_csrf_checks=True)
    staff.force_login(User.objects.create_user("ed", is_staff=True))
    refused = staff.post(f"/stories/{story.slug}/comments/", FORM)
    assert refused.status_code == 403 and not Comment.objects.exists()
    page = staff.get(story.get_absolute_url())
    assert "private" in page["Cache-Control"]
    token = page.cookies["csrftoken"].value
    accepted = staff.post(
        f"/stories/{story.slug}/comments/", {**FORM, "csrfmiddlewaretoken": token}
    )
    assert accepted.status_code == 303 and Comment.objects.get().status == "published"


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
    assert response.status_code == 403  # "story_closed", as the API answers it
    assert "Comments are closed on this story." in html
    assert "Still want to say this</textarea>" in html
    assert not Comment.objects.exists()


def test_closed_story_page_says_comments_are_closed(bystander, db):
    closed = make_story(comments_open=False)
    html = bystander.get(closed.get_absolute_url()).content.decode()
    assert "Comments are closed." in html
    assert 'name="comment"' not in html


@pytest.mark.postgres
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


# --- Hardening: the form loses nothing and lands where the comment is --------------------------


def test_a_ten_megabyte_paste_gets_the_form_back_with_the_text_cut_at_the_limit(
    reader, story, settings
):
    settings.COMMENTS_MAX_LENGTH = 5000
    from urllib.parse import urlencode

    pasted = "Our harbour deserves better. " * 370_000  # about 10.7 MB
    body = urlencode(
        {
            "comment": pasted,
            **{key: value for key, value in FORM.items() if key != "comment"},
        }
    )
    # As a browser sends the form: url-encoded, the comment before the name and address.
    response = reader.post(
        f"/stories/{story.slug}/comments/",
        body,
        content_type="application/x-www-form-urlencoded",
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Comments can be at most 5000 characters" in html
    assert f"yours had about {len(pasted):,}" in html
    kept = pasted[:5000].rstrip()
    assert kept.split()[-1] in html and "Our harbour deserves better." in html
    assert 'value="Ada Reader"' in html and 'value="ada@example.com"' in html
    assert len(html) < 200_000  # the reader gets back what fits, not ten megabytes
    assert not Comment.objects.exists()


def test_a_form_left_open_past_its_lifetime_is_shown_again_not_filed_as_spam(
    reader, story, monkeypatch
):
    import time

    from townsquare.comments.forms import FORM_MAX_AGE_SECONDS, form_age_seconds

    with monkeypatch.context() as old_clock:
        old_clock.setattr(time, "time", lambda: 1_700_000_000.0)
        from townsquare.comments.forms import form_started_token

        stale = form_started_token()
    assert time.time() - 1_700_000_000 > FORM_MAX_AGE_SECONDS
    response = post(reader, story, {**FORM, "comment": "Written slowly.", "form_started": stale})
    html = response.content.decode()
    assert response.status_code == 400
    assert "open for a long time" in html and "Written slowly.</textarea>" in html
    assert not Comment.objects.exists()  # not filed as spam behind the reader's back
    fresh = re.search(r'name="form_started" value="([^"]+)"', html).group(1)
    assert fresh != stale and form_age_seconds(fresh) is not None
    again = post(reader, story, {**FORM, "comment": "Written slowly.", "form_started": fresh})
    assert again.status_code == 303
    assert Comment.objects.get().status == "published"


def test_a_form_signed_with_an_old_key_is_shown_again(reader, story, settings):
    from townsquare.comments.forms import form_started_token

    settings.SECRET_KEY = "the-key-before-the-rotation-" * 3
    token = form_started_token()
    settings.SECRET_KEY = "the-key-after-the-rotation-" * 3
    response = post(reader, story, {**FORM, "form_started": token})
    assert response.status_code == 400 and "open for a long time" in response.content.decode()
    assert not Comment.objects.exists()


def test_replying_without_javascript_to_a_removed_comment_says_so_and_keeps_the_text(reader, story):
    gone = make_comment(story=story, status=Comment.Status.REMOVED)
    response = post(reader, story, {**FORM, "comment": "My reply.", "comment_parent": gone.pk})
    html = response.content.decode()
    assert response.status_code == 409  # "parent_missing", as the API answers it
    assert "you were replying to has been removed" in html
    assert "correct the highlighted field" not in html  # nothing is highlighted to correct
    assert "My reply.</textarea>" in html
    assert re.search(
        r'name="comment_parent"[^>]*value=""|name="comment_parent"(?![^>]*value)', html
    )
    again = post(reader, story, {**FORM, "comment": "My reply."})
    assert again.status_code == 303
    assert Comment.objects.get(body="My reply.").parent is None


def test_a_new_comment_lands_on_the_page_and_anchor_that_hold_it(reader, story, settings):
    settings.COMMENTS_PER_PAGE = 2
    settings.COMMENTS_REPLIES_SHOWN = 2
    tops = [make_comment(story=story, body=f"Top {n}") for n in range(5)]
    reply = post(
        reader, story, {**FORM, "comment": "Answering the fourth.", "comment_parent": tops[3].pk}
    )
    created = Comment.objects.get(body="Answering the fourth.")
    assert reply["Location"].endswith(f"#comment-{created.pk}")
    page = reader.get(reply["Location"]).content.decode()
    assert f'id="comment-{created.pk}"' in page and "Your comment was posted." in page
    assert "Top 3" in page and "Top 1" not in page  # the page that holds it, not page one
    newest = post(reader, story, {**FORM, "comment": "A new point entirely."})
    created = Comment.objects.get(body="A new point entirely.")
    assert f'id="comment-{created.pk}"' in reader.get(newest["Location"]).content.decode()
    # A reply beyond the replies a story's page shows lands on its thread's page of replies.
    for n in range(3):
        make_comment(story=story, body=f"Earlier answer {n}", parent=tops[0])
    late = post(reader, story, {**FORM, "comment": "A late answer.", "comment_parent": tops[0].pk})
    created = Comment.objects.get(body="A late answer.")
    assert f"/comments/{tops[0].pk}/replies/" in late["Location"]
    assert f'id="comment-{created.pk}"' in reader.get(late["Location"]).content.decode()


def test_a_held_comment_says_it_awaits_moderation_after_the_redirect(reader, story):
    from townsquare.moderation.policy import moderation_policy

    policy = moderation_policy()
    policy.premoderate_all = True
    policy.save(update_fields=["premoderate_all"])
    response = post(reader, story, FORM)
    page = reader.get(response["Location"]).content.decode()
    assert "awaiting moderation" in page


def test_the_remember_cookie_with_a_website_is_readable_by_the_page(reader, story):
    response = post(
        reader, story, {**FORM, "url": "https://ada.example.org/blog", "remember": "on"}
    )
    raw = response.cookies["townsquare_commenter"].value
    assert '"' not in raw and "/" not in raw  # never quoted, so document.cookie reads it as is
    saved = json.loads(unquote(raw))
    assert saved == {
        "author": "Ada Reader",
        "email": "ada@example.com",
        "url": "https://ada.example.org/blog",
    }


def test_the_remember_cookie_is_secure_when_secure_cookies_is_on(reader, story, settings):
    settings.SESSION_COOKIE_SECURE = True
    response = post(reader, story, {**FORM, "remember": "on"})
    assert response.cookies["townsquare_commenter"]["secure"] is True


def test_without_javascript_the_form_is_prefilled_for_its_own_reader_only(reader, bystander, story):
    post(reader, story, {**FORM, "url": "https://ada.example.org", "remember": "on"})
    own = reader.get(story.get_absolute_url())
    html = own.content.decode()
    assert 'value="ada@example.com"' in html and 'value="Ada Reader"' in html
    assert 'value="https://ada.example.org"' in html
    assert "private" in own["Cache-Control"] and "no-store" in own["Cache-Control"]
    other = bystander.get(story.get_absolute_url()).content.decode()
    assert "ada@example.com" not in other


def test_comment_times_show_the_sites_time_zone(bystander, story, settings):
    settings.TIME_ZONE = "America/New_York"
    make_comment(story=story)
    html = bystander.get(story.get_absolute_url()).content.decode()
    assert re.search(r"\d{2}:\d{2} E[SD]T</time>", html)


def test_featured_comments_are_marked_for_readers(bystander, story):
    featured = make_comment(story=story, body="An editors' pick.")
    Comment.objects.filter(pk=featured.pk).update(
        featured=True, featured_reason="Written by the ferry's skipper"
    )
    make_comment(story=story, body="Another view.")
    html = bystander.get(story.get_absolute_url()).content.decode()
    # In place, marked with the reason; and first, in the Featured section above the thread.
    assert html.count("Featured by the editors: Written by the ferry&#x27;s skipper") == 1
    assert html.count(" ts-comment--featured") == 1
    section = html.split('<section class="ts-featured-section"', 1)[1].split("</section>", 1)[0]
    assert "pick." in section and "Another view." not in section
    assert html.index('class="ts-featured-section"') < html.index('id="ts-list"')


def test_identicons_are_images_cached_for_good_not_inline_drawings(bystander, story):
    comment = make_comment(story=story)
    page = bystander.get(story.get_absolute_url()).content.decode()
    key = comment.commenter.avatar_key
    assert f'<img class="avatar" src="/avatars/{key}.svg"' in page and "<svg" not in page
    avatar = bystander.get(f"/avatars/{key}.svg")
    assert avatar["Content-Type"] == "image/svg+xml"
    assert "immutable" in avatar["Cache-Control"] and "max-age=31536000" in avatar["Cache-Control"]
    assert avatar.content.decode().startswith("<svg") and "<script" not in avatar.content.decode()
    assert bystander.get("/avatars/not-a-key.svg").status_code == 404
    assert comment.commenter.email not in page


def test_each_comment_costs_its_markup_and_no_layout_whitespace(bystander, story):
    top = make_comment(story=story, body="Top")
    make_comment(story=story, body="An answer", parent=top)
    page = bystander.get(story.get_absolute_url()).content.decode()
    start = page.index('<li class="ts-comment"')
    thread = page[start : page.index("</ol>", page.rindex('<li class="ts-comment"'))]
    assert "\n\n" not in thread and "\n " not in thread  # no blank lines, no indentation
    stamps = re.findall(r'<time datetime="([^"]+)"', thread)
    assert len(stamps) == 2
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", s) for s in stamps)
    # words stay apart where the layout used to put them on lines of their own
    assert '</a>\n<a class="ts-report"' in thread


def test_without_javascript_a_post_lands_on_the_whole_page_of_the_thread_that_holds_it(
    reader, story, settings
):
    settings.COMMENTS_PER_PAGE = 2
    for n in range(3):
        make_comment(story=story, body=f"Earlier comment {n}.")
    response = post(reader, story, {**FORM, "comment": "Mine, on the second page."})
    mine = Comment.objects.get(body="Mine, on the second page.")
    location = response["Location"]
    assert "?after=" in location and location.endswith(f"#comment-{mine.pk}")
    page = reader.get(location).content.decode()
    # The second page as a reader paging there sees it: the third comment, then this one.
    assert "Earlier comment 2." in page and "Mine, on the second page." in page
    assert "Earlier comment 1." not in page
    edit = reader.post(
        f"/stories/{story.slug}/comments/{mine.pk}/edit/",
        {"comment": "Mine, edited."},
        HTTP_ORIGIN="http://testserver",
    )
    assert edit.status_code == 303 and edit["Location"] == location


def test_a_premoderated_story_tells_readers_before_they_post(reader, story):
    notice = "read by a moderator before they appear"
    assert notice not in reader.get(story.get_absolute_url()).content.decode()
    premoderated = make_story(premoderate=True)
    assert notice in reader.get(premoderated.get_absolute_url()).content.decode()
