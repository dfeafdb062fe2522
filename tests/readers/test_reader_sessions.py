"""Verified readers: signing in by link, the reader session and revoking it, "Your comments"
and whose comments it lists, the reader API, and the moderators' "verified" marks."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone

from tests.conftest import csrf_post
from tests.factories import make_comment, make_commenter, make_story
from tests.notifications.conftest import link_of
from townsquare.comments.models import Comment
from townsquare.comments.session import viewer_is_anonymous
from townsquare.notifications.models import ReplySubscription
from townsquare.readers.models import ReaderSession, SignedInComment, VerifiedAddress
from townsquare.readers.session import READER_COOKIE, reader_session_email

pytestmark = pytest.mark.django_db
WREN = "wren@example.org"


@pytest.fixture
def sign_in(django_capture_on_commit_callbacks, mailoutbox):
    """Ask for a sign-in link, open it from the mail and press Continue."""

    def signed_in(client, email=WREN):
        with django_capture_on_commit_callbacks(execute=True):
            asked = csrf_post(
                client,
                "/your-comments/sign-in/",
                {"email": email},
                page_url="/your-comments/sign-in/",
            )
        assert "Check your e-mail" in asked.content.decode()
        path = link_of(mailoutbox[-1], "/verify/")
        assert "sign this browser in" in client.get(path).content.decode()
        response = csrf_post(client, path, {}, page_url=path)
        assert response.status_code == 303 and response["Location"] == "/your-comments/"
        return response

    return signed_in


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    def post_comment(client, story, *, email=WREN, body="My view.", notify=False):
        data = {"author": "Wren", "email": email, "comment": body}
        if notify:
            data["notify_replies"] = "on"
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/stories/{story.slug}/comments/", data)
        assert response.status_code == 303, response.content.decode()[:300]
        return Comment.objects.latest("pk")

    return post_comment


def test_confirming_a_sign_in_link_sets_a_long_lived_private_cookie(reader, sign_in, settings):
    response = sign_in(reader)
    cookie = response.cookies[READER_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == settings.READER_SESSION_DAYS * 24 * 3600
    session = ReaderSession.objects.get()
    assert session.email == WREN and session.revoked_at is None
    assert len(session.token_hash) == 64 and session.token_hash not in cookie.value
    assert VerifiedAddress.objects.filter(email=WREN).exists()
    page = reader.get("/your-comments/")
    assert page.status_code == 200 and "w…@example.org" in page.content.decode()
    assert WREN not in page.content.decode()


def test_the_cookie_is_secure_over_https(rf):
    from django.http import HttpResponse

    from townsquare.readers.session import reader_cookie_set

    for secure in (True, False):
        response = HttpResponse()
        reader_cookie_set(rf.get("/", secure=secure), response, "token")
        assert bool(response.cookies[READER_COOKIE]["secure"]) is secure


def test_a_page_with_the_reader_cookie_is_private(rf):
    request = rf.get("/stories/x/")
    assert viewer_is_anonymous(request)
    request.COOKIES[READER_COOKIE] = "anything"
    assert not viewer_is_anonymous(request)


def test_sign_out_ends_this_browser_and_everywhere_ends_all(sign_in, rf):
    phone, laptop, tablet = (Client(enforce_csrf_checks=True) for _ in range(3))
    for client in (phone, laptop, tablet):
        sign_in(client)
    assert ReaderSession.objects.filter(revoked_at__isnull=True).count() == 3
    out = csrf_post(phone, "/your-comments/sign-out/", {}, page_url="/your-comments/")
    assert out.status_code == 200 and out.cookies[READER_COOKIE].value == ""
    assert phone.get("/your-comments/").status_code == 302
    assert laptop.get("/your-comments/").status_code == 200
    csrf_post(laptop, "/your-comments/sign-out/", {"everywhere": "1"}, page_url="/your-comments/")
    assert ReaderSession.objects.filter(revoked_at__isnull=True).count() == 0
    # The tablet's cookie is still there, but it opens nothing any more.
    assert tablet.cookies[READER_COOKIE].value
    assert tablet.get("/your-comments/")["Location"] == "/your-comments/sign-in/"


def test_reader_session_email_is_none_for_forged_revoked_or_stale_cookies(reader, sign_in, rf):
    sign_in(reader)
    request = rf.get("/")
    request.COOKIES[READER_COOKIE] = reader.cookies[READER_COOKIE].value
    assert reader_session_email(request) == WREN
    forged = rf.get("/")
    forged.COOKIES[READER_COOKIE] = reader.cookies[READER_COOKIE].value[:-3] + "abc"
    assert reader_session_email(forged) is None
    ReaderSession.objects.update(last_used_at=timezone.now() - timedelta(days=400))
    stale = rf.get("/")
    stale.COOKIES[READER_COOKIE] = reader.cookies[READER_COOKIE].value
    assert reader_session_email(stale) is None


def test_your_comments_lists_the_readers_own_with_status_and_links(
    reader, bystander, sign_in, post, django_capture_on_commit_callbacks
):
    story = make_story(headline="Ferry timetable changes")
    before = post(bystander, story, body="Typed before verifying.")
    sign_in(reader)
    mine = post(reader, story, body="Posted signed in.")
    held = post(reader, story, body="A held one.")
    Comment.objects.filter(pk=held.pk).update(status=Comment.Status.PENDING)
    removed = post(reader, story, body="Taken down.")
    Comment.objects.filter(pk=removed.pk).update(status=Comment.Status.REMOVED)
    impostor = post(bystander, story, body="An impostor typed Wren's address.")
    page = reader.get("/your-comments/").content.decode()
    assert "Typed before verifying." in page and "Posted signed in." in page
    assert "Awaiting moderation" in page and "Removed by a moderator" in page
    assert "An impostor typed" not in page
    assert f"#comment-{mine.pk}" in page and "Ferry timetable changes" in page
    order = [page.index(t) for t in ("Taken down.", "A held one.", "Posted signed in.")]
    assert order == sorted(order)  # newest first
    assert SignedInComment.objects.filter(comment=mine).exists()
    assert not SignedInComment.objects.filter(comment__in=[before, impostor]).exists()


def test_your_comments_pages_by_keyset(reader, sign_in, post, settings):
    sign_in(reader)
    story = make_story()
    for n in range(23):
        post(reader, story, body=f"Comment number {n:02d}.")
    first = reader.get("/your-comments/").content.decode()
    assert "Comment number 22." in first and "Comment number 02." not in first
    cursor = first.split("?before=")[1].split('"')[0]
    second = reader.get(f"/your-comments/?before={cursor}").content.decode()
    assert "Comment number 02." in second and "Comment number 00." in second
    assert "Comment number 03." not in second and "Comment number 22." not in second
    assert "?before=" not in second.split("Older comments")[0][-200:]
    assert reader.get("/your-comments/?before=%%%garbage").status_code == 200


def test_a_signed_in_reader_s_reply_box_starts_at_once_and_can_be_switched(
    reader, sign_in, post, mailoutbox
):
    sign_in(reader)
    mailoutbox.clear()
    comment = post(reader, make_story(), notify=True)
    assert ReplySubscription.objects.get(comment=comment).status == "active"
    assert mailoutbox == []  # no confirmation needed
    csrf_post(
        reader,
        f"/your-comments/{comment.pk}/replies/",
        {"replies": "off"},
        page_url="/your-comments/",
    )
    assert ReplySubscription.objects.get(comment=comment).status == "cancelled"
    csrf_post(
        reader,
        f"/your-comments/{comment.pk}/replies/",
        {"replies": "on"},
        page_url="/your-comments/",
    )
    assert ReplySubscription.objects.get(comment=comment).status == "active"
    csrf_post(
        reader,
        "/your-comments/replies-by-email/",
        {"delivery": "daily"},
        page_url="/your-comments/",
    )
    from townsquare.notifications.services import preference_for

    assert preference_for(email=WREN).delivery == "daily"
    bad = csrf_post(
        reader,
        "/your-comments/replies-by-email/",
        {"delivery": "hourly"},
        page_url="/your-comments/",
    )
    assert bad.status_code == 400


def test_someone_else_s_comment_cannot_be_switched(reader, sign_in):
    sign_in(reader)
    other = make_comment(story=make_story())
    response = csrf_post(
        reader, f"/your-comments/{other.pk}/replies/", {"replies": "on"}, page_url="/your-comments/"
    )
    assert response.status_code == 404
    assert not ReplySubscription.objects.exists()


def test_the_reader_api_needs_the_session_and_lists_the_same_comments(
    reader, bystander, sign_in, post
):
    assert bystander.get("/api/v1/reader/comments").status_code == 401
    sign_in(reader)
    story = make_story()
    mine = post(reader, story, body="Mine, via the API.", notify=True)
    post(bystander, story, body="Not mine.")
    data = reader.get("/api/v1/reader/comments").json()
    assert [c["id"] for c in data["comments"]] == [mine.pk]
    assert data["comments"][0]["status"] == "published"
    assert data["comments"][0]["replies_by_email"] == "active"
    assert data["delivery"] == "each"
    assert reader.get("/api/v1/reader/comments")["Cache-Control"].startswith("private")
    answer = reader.post(
        "/api/v1/reader/delivery", json.dumps({"delivery": "none"}), content_type="application/json"
    )
    assert answer.status_code == 200
    assert reader.get("/api/v1/reader/comments").json()["delivery"] == "none"
    off = reader.post(
        f"/api/v1/reader/comments/{mine.pk}/replies",
        json.dumps({"replies": False}),
        content_type="application/json",
    )
    assert off.status_code == 200
    assert ReplySubscription.objects.get(comment=mine).status == "cancelled"
    foreign = reader.post(
        "/api/v1/reader/delivery",
        json.dumps({"delivery": "each"}),
        content_type="application/json",
        HTTP_ORIGIN="https://evil.example",
    )
    assert foreign.status_code == 403


def test_the_article_pages_script_is_told_whether_the_reader_is_verified(
    reader, bystander, sign_in
):
    from django.conf import settings

    from townsquare.embed.tokens import thread_token_for

    story = make_story()

    def verified(browser) -> bool:
        form = browser.post(
            "/api/v1/forms",
            json.dumps({"thread_token": thread_token_for(story.pk)}),
            content_type="application/json",
            HTTP_ORIGIN=settings.SITE_URL,  # the article page's own script
        )
        return form.json()["reader_verified"]

    assert verified(bystander) is False
    sign_in(reader)
    assert verified(reader) is True


@pytest.fixture
def moderator_client(db) -> Client:
    user = User.objects.create_user("mod", password="correct horse battery", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="Moderator")[0])
    client = Client()
    client.force_login(user)
    return client


def _held(n: int, story, *, verified: bool):
    comments = []
    for _ in range(n):
        commenter = make_commenter()
        comment = make_comment(story=story, status=Comment.Status.PENDING, commenter=commenter)
        if verified:
            VerifiedAddress.objects.create(email=commenter.email, verified_at=timezone.now())
            SignedInComment.objects.create(comment=comment, email=commenter.email)
        comments.append(comment)
    return comments


def test_cards_say_verified_in_a_constant_number_of_queries(
    moderator_client, django_assert_max_num_queries
):
    story = make_story()
    _held(1, story, verified=True)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        page = moderator_client.get("/moderate/?tab=pending")
    assert page.content.decode().count("mod-badge--verified") == 1
    _held(6, story, verified=True)
    _held(3, story, verified=False)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = moderator_client.get("/moderate/?tab=pending")
    assert page.content.decode().count("mod-badge--verified") == 7


def test_a_claim_of_a_verified_address_is_marked_as_such(moderator_client, bystander, post):
    story = make_story()
    VerifiedAddress.objects.create(email=WREN, verified_at=timezone.now() - timedelta(days=1))
    claim = post(bystander, story, body="Posted with Wren's address, not signed in.")
    Comment.objects.filter(pk=claim.pk).update(status=Comment.Status.PENDING)
    html = moderator_client.get("/moderate/?tab=pending").content.decode()
    assert "Address verified, not signed in" in html
    assert "mod-badge--verified" not in html


def test_a_verified_reader_edits_and_deletes_their_comment_from_another_browser(
    sign_in, post, story, terms
):
    from django.test import Client

    written_here = Client()
    comment = post(written_here, story, body="Posted from the laptop.")
    tablet = Client()
    edit = f"/stories/{story.slug}/comments/{comment.pk}/edit/"
    delete = f"/stories/{story.slug}/comments/{comment.pk}/delete/"
    assert tablet.get(edit).status_code == 404  # not yet theirs on this browser
    sign_in(tablet)
    assert tablet.get(edit).status_code == 200
    assert (
        tablet.post(edit, {"comment": "Posted from the laptop, edited on the tablet."}).status_code
        == 303
    )
    comment.refresh_from_db()
    assert comment.body == "Posted from the laptop, edited on the tablet."
    # Someone else signed in under their own address still cannot touch it.
    other = Client()
    sign_in(other, email="someone.else@example.org")
    assert other.get(delete).status_code == 404
    assert tablet.post(delete).status_code == 303
    comment.refresh_from_db()
    assert comment.status == Comment.Status.DELETED
