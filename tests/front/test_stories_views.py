from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_comment, make_story
from townsquare.comments.models import Comment

pytestmark = pytest.mark.django_db


def test_front_page_lists_latest_stories_with_published_comment_counts(bystander):
    older = make_story(headline="Older story", published_at=timezone.now() - timedelta(days=2))
    newer = make_story(headline="Newer story")
    make_comment(story=newer)
    make_comment(story=newer)
    make_comment(story=newer, status=Comment.Status.PENDING)
    make_story(headline="Draft story", published_at=None)
    html = bystander.get("/").content.decode()
    assert html.index("Newer story") < html.index("Older story")
    assert "Draft story" not in html
    assert f'href="{newer.get_absolute_url()}#comments">2 comments' in html
    assert f'href="{older.get_absolute_url()}#comments">0 comments' in html


def test_article_shows_the_story_and_the_reply_form_texts(bystander, story, terms):
    story.photo_caption = "Boats wait for the tide."
    story.photo_credit = "Illustration: Courier graphics desk"
    story.photo = "stories/test.jpg"
    story.save()
    html = bystander.get(story.get_absolute_url()).content.decode()
    for text in [
        story.headline,
        story.standfirst,
        story.byline,
        "PORT CALLOW, Me. —",
        "Boats wait for the tide.",
        "Illustration: Courier graphics desk",
        "Leave a Reply",
        "Your email address will not be published.",
        "Required fields are marked",
        "Save my name, email, and website in this browser for the next time I comment.",
        "Comments must be civil and in good taste, with no personal attacks.",
        "you may be banned from posting",
        'href="/terms/"',
        'href="/guidelines/"',
    ]:
        assert text in html, text
    for name in ("author", "email", "url", "comment", "comment_parent"):
        assert f'name="{name}"' in html
    for name in ("author", "email", "comment"):
        field = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', html).group(0)
        assert "required" in field
    assert '<label for="ts-author">Name <span class="ts-required"' in html
    assert 'name="url"' in html and '<label for="ts-url">Website</label>' in html


def _ad_position(html: str) -> int | None:
    """How many article paragraphs come before the advertising slot."""
    body = html.split('class="article__body"', 1)[1].split("</article>", 1)[0]
    if "Advertising" not in body:
        return None
    return body.split('class="ad-slot"', 1)[0].count("<p>")


def test_ad_slot_follows_the_site_default_paragraph(bystander, story, settings):
    settings.AD_AFTER_PARAGRAPH = 2
    assert _ad_position(bystander.get(story.get_absolute_url()).content.decode()) == 2


def test_ad_slot_position_can_be_overridden_or_turned_off_per_story(bystander, db):
    moved = make_story(ad_after_paragraph=5, ad_html='<a href="https://ads.example">Ad</a>')
    html = bystander.get(moved.get_absolute_url()).content.decode()
    assert _ad_position(html) == 5
    assert '<a href="https://ads.example">Ad</a>' in html
    off = make_story(ad_enabled=False)
    assert _ad_position(bystander.get(off.get_absolute_url()).content.decode()) is None


def test_unpublished_or_future_story_is_not_found(bystander, db):
    future = make_story(published_at=timezone.now() + timedelta(days=1))
    assert bystander.get(future.get_absolute_url()).status_code == 404
    assert bystander.get("/stories/nope/").status_code == 404


def test_long_threads_are_paginated_by_top_level_comment(bystander, story, settings):
    settings.COMMENTS_PER_PAGE = 2
    tops = [make_comment(story=story, body=f"Top number {i}") for i in range(3)]
    make_comment(story=story, body="Reply to the third", parent=tops[2])
    first = bystander.get(story.get_absolute_url()).content.decode()
    assert "Top number 1" in first and "Top number 2" not in first
    more = re.search(
        r'rel="next" href="\?after=([\w-]+)#comments" data-after="[\w-]+">More comments', first
    )
    second = bystander.get(f"{story.get_absolute_url()}?after={more.group(1)}").content.decode()
    assert "Top number 2" in second and "Reply to the third" in second
    assert "More comments" not in second and "First comments" in second
    assert bystander.get(f"{story.get_absolute_url()}?after=abc").status_code == 200


def test_reply_beyond_max_depth_says_whom_it_answers(bystander, story, settings):
    settings.COMMENTS_MAX_DEPTH = 2
    top = make_comment(story=story, author_name="Top")
    deepest = make_comment(story=story, parent=top, author_name="Deepest Dana")
    from townsquare.moderation.posting import comment_submit

    comment_submit(
        story=story, author_name="Late", email="l@example.com", body="x", parent_id=deepest.pk
    )
    html = bystander.get(story.get_absolute_url()).content.decode()
    assert f'in reply to <a href="#comment-{deepest.pk}"><bdi>Deepest Dana</bdi></a>' in html


# --- A page every anonymous reader gets alike, which any cache can keep --------------------------


def test_the_anonymous_article_page_is_public_sets_no_cookie_and_varies_on_nothing(
    bystander, story, terms
):
    make_comment(story=story, body="Already here.")
    response = bystander.get(story.get_absolute_url())
    assert response.status_code == 200
    assert not response.cookies
    assert "Vary" not in response or "Cookie" not in response["Vary"]
    control = response["Cache-Control"]
    assert control.startswith("public") and "s-maxage=" in control
    assert "stale-while-revalidate=" in control and "max-age=" in control
    assert response["ETag"].startswith('"') and response["Last-Modified"]
    assert "csrfmiddlewaretoken" not in response.content.decode()


@pytest.mark.redis
def test_revalidation_answers_304_until_the_thread_changes(bystander, story, terms):
    from townsquare.moderation.posting import comment_submit

    first = bystander.get(story.get_absolute_url())
    etag = first["ETag"]
    again = bystander.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    comment_submit(story=story, author_name="Ana", email="ana@example.com", body="New view.")
    changed = bystander.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "New view." in changed.content.decode()  # at once, not after a cache lifetime


def test_a_held_comment_does_not_change_the_public_page(bystander, story, terms):
    from townsquare.moderation.policy import moderation_policy
    from townsquare.moderation.posting import comment_submit

    policy = moderation_policy()
    policy.premoderate_all = True
    policy.save(update_fields=["premoderate_all"])
    etag = bystander.get(story.get_absolute_url())["ETag"]
    comment_submit(story=story, author_name="Ana", email="ana@example.com", body="Held.")
    assert bystander.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_reader_with_a_session_gets_a_private_page_with_their_pending_comment(
    reader, bystander, story, terms
):
    from tests.conftest import csrf_post
    from townsquare.moderation.policy import moderation_policy

    policy = moderation_policy()
    policy.premoderate_all = True
    policy.save(update_fields=["premoderate_all"])
    form = {"author": "Pat", "email": "pat@example.com", "comment": "Waiting my turn."}
    csrf_post(reader, f"/stories/{story.slug}/comments/", form, page_url=story.get_absolute_url())
    own = reader.get(story.get_absolute_url())
    assert own["Cache-Control"] == "private, no-store"
    assert "Waiting my turn." in own.content.decode()
    assert "awaiting moderation" in own.content.decode()
    public = bystander.get(story.get_absolute_url())
    assert "Waiting my turn." not in public.content.decode()


def test_the_front_page_is_public_and_counts_from_the_counters(
    bystander, story, django_assert_max_num_queries, settings
):
    make_comment(story=story)
    make_comment(story=story, status="pending")
    response = bystander.get("/")
    assert response["Cache-Control"].startswith("public") and not response.cookies
    assert "1 comment" in response.content.decode()
    with django_assert_max_num_queries(1 if settings.REDIS_URL else 2):
        bystander.get("/")  # the stories, then (database cache) the site version


def test_the_shown_replies_are_capped_with_a_link_to_the_rest(bystander, story, settings):
    settings.COMMENTS_REPLIES_SHOWN = 2
    top = make_comment(story=story, body="Top")
    for n in range(6):
        make_comment(story=story, body=f"Answer {n}", parent=top)
    html = bystander.get(story.get_absolute_url()).content.decode()
    assert "Answer 1" in html and "Answer 2" not in html
    link = re.search(r'href="([^"]+/replies/)[^"]*"[^>]*>Show 4 more replies', html)
    # Relative to the article's page (its links are written once per comment: short ones).
    replies = bystander.get(story.get_absolute_url() + link.group(1)).content.decode()
    assert all(f"Answer {n}" in replies for n in range(6))
    assert replies.count("Top") >= 1
