"""Signing in with the newsroom's token through the API, and what a signed-in reader then is:
a verified reader who posts under their account with their badges, on stories whose rule may
leave others out; a guest typing their address is none of that; a ban follows the account."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.api.conftest import ORIGIN, PAGE, form, post_json, thread
from tests.sso import claims, make_secret, mint
from townsquare.comments.models import Comment, Commenter
from townsquare.moderation.services import ban_commenter
from townsquare.notifications.models import ReplySubscription
from townsquare.readers.models import ReaderSession, SignedInComment, SSOIdentity, StoryReporter
from townsquare.readers.services import reader_session_start
from townsquare.sites.models import Commenting
from townsquare.stories.models import Story
from townsquare.webhooks.models import Webhook, WebhookDelivery

pytestmark = pytest.mark.django_db
SIGN_IN = "/api/v1/sso/sign-in"
SIGN_OUT = "/api/v1/sso/sign-out"


@pytest.fixture
def secret(site):
    return make_secret(site)


@pytest.fixture
def token(client, site, terms, secret):
    return thread(client).json()["thread_token"]


def sign_in(client, jwt: str, **extra):
    return post_json(client, SIGN_IN, {"token": jwt, "url": PAGE}, **extra)


def reader_header(client, jwt: str | None = None) -> dict:
    answer = sign_in(client, jwt or mint())
    assert answer.status_code == 200, answer.content
    return {"HTTP_X_TOWNSQUARE_READER": answer.json()["reader_token"]}


def post(client, thread_token: str, *, comment: str, header: dict | None = None, **fields):
    started = form(client, thread_token)
    data = {
        "thread_token": thread_token,
        "comment": comment,
        "form_started": started["form_started"],
        "device_token": started["device_token"],
        **fields,
    }
    return post_json(client, "/api/v1/comments", data, **(header or {}), **fields.pop("extra", {}))


def test_sign_in_answers_a_reader_token_to_the_sites_page(client, site, secret):
    answer = sign_in(client, mint())
    assert answer.status_code == 200, answer.content
    data = answer.json()
    assert data["reader"]["name"] == "Marta Quill" and data["reader"]["badges"] == ["subscriber"]
    assert data["reader_token"] and data["message"] == "Signed in as Marta Quill."
    assert answer["Access-Control-Allow-Origin"] == ORIGIN
    assert "townsquare_reader" not in answer.cookies  # another origin: a header, no cookie
    assert "private" in answer["Cache-Control"]


def test_a_refused_token_answers_its_reason_and_creates_nothing(client, site, secret):
    for jwt, status, code in [
        (mint(alg="none"), 401, "algorithm_refused"),
        (mint(alg="RS256", sign_as="256"), 401, "algorithm_refused"),
        (mint(secret="s" * 40), 401, "bad_signature"),
        (mint(claims(exp=1)), 401, "expired"),
        (mint(claims(user={"email": None})), 400, "invalid_token"),
        ("x" * 9000, 400, "invalid"),
    ]:
        answer = sign_in(client, jwt)
        assert answer.status_code == status and answer.json()["code"] == code, answer.content
        assert answer.json()["message"]
    assert not SSOIdentity.objects.exists() and not ReaderSession.objects.exists()


def test_a_page_of_another_origin_cannot_sign_in(client, site, secret):
    answer = sign_in(client, mint(), origin="https://elsewhere.example")
    assert answer.status_code == 403 and answer.json()["code"] == "origin_not_allowed"
    assert not SSOIdentity.objects.exists()


def test_a_preflight_lets_the_reader_header_through(client, site):
    answer = client.options(
        SIGN_IN, HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_HEADERS="x-townsquare-reader"
    )
    assert "X-Townsquare-Reader" in answer["Access-Control-Allow-Headers"]


def test_a_signed_in_reader_posts_under_their_account_with_their_badges(client, token):
    header = reader_header(client)
    posted = post(client, token, comment="The timetable works for me.", header=header)
    assert posted.status_code == 201, posted.content
    data = posted.json()["comment"]
    assert data["author_name"] == "Marta Quill" and data["author_badges"] == ["subscriber"]
    comment = Comment.objects.get(pk=data["id"])
    assert comment.commenter.email == "marta.subscriber@example.org"
    assert SignedInComment.objects.filter(comment=comment).exists()  # a verified reader's own
    shown = thread(client).json()["comments"][0]
    assert shown["id"] == comment.pk and shown["author_badges"] == ["subscriber"]


@pytest.mark.django_db(transaction=True)  # on-commit work runs as each transaction commits
def test_the_new_comments_webhook_carries_the_badges_it_is_shown_with(client, site, token):
    Webhook.objects.create(
        site=site, url="https://cms.example.org/hook", events=["comment.created"]
    )
    header = reader_header(client)
    posted = post(client, token, comment="Badge and all, on the wire.", header=header)
    assert posted.status_code == 201, posted.content
    sent = WebhookDelivery.objects.get().payload["data"]["comment"]
    assert sent["id"] == posted.json()["comment"]["id"]
    assert sent["author_badges"] == ["subscriber"]  # was [] : the badges came after the event


def test_a_signed_in_reader_gets_reply_emails_without_a_link(client, token, mailoutbox):
    header = reader_header(client)
    posted = post(client, token, comment="Tell me.", header=header, notify_replies=True)
    subscription = ReplySubscription.objects.get(comment_id=posted.json()["comment"]["id"])
    assert subscription.status == ReplySubscription.Status.ACTIVE and mailoutbox == []


def test_a_staff_role_shows_as_staff_and_grants_nothing(client, token):
    header = reader_header(client, mint(claims(user={"role": "MODERATOR", "badges": []})))
    posted = post(client, token, comment="From the newsroom.", header=header).json()
    assert posted["comment"]["author_badges"] == ["staff"]
    assert client.get("/moderate/").status_code in (302, 403)  # no staff access here


def test_a_guest_typing_a_signed_in_readers_address_is_not_that_reader(client, token):
    reader_header(Client(), mint())  # Marta signs in elsewhere
    guest = post(
        client,
        token,
        comment="Pretending.",
        author="Marta Quill",
        email="marta.subscriber@example.org",
    )
    assert guest.status_code == 201
    comment = Comment.objects.get(pk=guest.json()["comment"]["id"])
    assert comment.author_badges == [] and guest.json()["comment"]["author_badges"] == []
    assert not SignedInComment.objects.filter(comment=comment).exists()


def _rule(site, **fields):
    for name, value in fields.items():
        setattr(site, name, value)
    site.save()


def test_the_thread_tells_who_may_comment_before_anyone_types(client, site, token):
    assert thread(client).json()["story"]["commenting"]["who"] == "anyone"
    _rule(
        site,
        commenting=Commenting.SUBSCRIBERS,
        commenting_url="https://news.example.org/subscribe",
    )
    rule = thread(client).json()["story"]["commenting"]
    assert rule["who"] == "subscribers" and rule["badge"] == "subscriber"
    assert (
        rule["message"]
        == "Subscribers comment here. Subscribe at https://news.example.org/subscribe"
    )


def test_subscribers_only_refuses_guests_and_readers_without_the_badge(client, site, token):
    _rule(
        site,
        commenting=Commenting.SUBSCRIBERS,
        commenting_url="https://news.example.org/subscribe",
    )
    guest = post(client, token, comment="Hi.", author="Guest", email="guest@example.org")
    assert guest.status_code == 403 and guest.json()["code"] == "commenting_restricted"
    assert "https://news.example.org/subscribe" in guest.json()["message"]
    plain = reader_header(
        Client(), mint(claims(user={"id": "a-2", "email": "p@example.org", "badges": []}))
    )
    refused = post(client, token, comment="Hi.", header=plain)
    assert refused.status_code == 403 and refused.json()["code"] == "commenting_restricted"
    assert Comment.objects.count() == 0 and Commenter.objects.count() == 0
    subscriber = reader_header(Client())
    assert post(client, token, comment="Hi.", header=subscriber).status_code == 201


def test_a_story_may_say_otherwise_than_its_site(client, site, token):
    story = Story.objects.get()
    story.commenting = Commenting.SIGNED_IN
    story.save()
    guest = post(client, token, comment="Hi.", author="Guest", email="guest@example.org")
    assert guest.status_code == 403
    assert guest.json()["message"] == "Only readers signed in with their account comment here."
    assert post(client, token, comment="Hi.", header=reader_header(Client())).status_code == 201


def test_verified_only_takes_a_reader_session_of_either_kind(client, site, token):
    _rule(site, commenting=Commenting.VERIFIED)
    guest = post(client, token, comment="Hi.", author="Guest", email="guest@example.org")
    assert guest.status_code == 403 and guest.json()["code"] == "commenting_restricted"
    _, linked = reader_session_start(email="linked@example.org")  # an e-mailed link's session
    by_link = post(
        client,
        token,
        comment="Hi.",
        author="Lin",
        email="linked@example.org",
        header={"HTTP_X_TOWNSQUARE_READER": linked},
    )
    assert by_link.status_code == 201, by_link.content
    assert post(client, token, comment="Hi.", header=reader_header(Client())).status_code == 201


def test_your_comments_lists_what_the_signed_in_reader_posted(client, token):
    header = reader_header(client)
    posted = post(client, token, comment="Mine.", header=header).json()
    mine = client.get("/api/v1/reader/comments", **header).json()
    assert [c["id"] for c in mine["comments"]] == [posted["comment"]["id"]]


def test_signing_out_ends_the_session_and_the_token(client, site, token):
    jwt = mint()
    header = reader_header(client, jwt)
    out = post_json(client, SIGN_OUT, {"url": PAGE}, **header)
    assert out.status_code == 200, out.content
    assert client.get("/api/v1/reader/comments", **header).status_code == 401
    again = sign_in(client, jwt)
    assert again.status_code == 401 and again.json()["code"] == "signed_out"
    nothing = post_json(client, SIGN_OUT, {"url": PAGE})
    assert nothing.status_code == 400 and nothing.json()["code"] == "not_signed_in"


def test_a_ban_follows_the_account_to_its_new_address(client, site, token, admin_user):
    now = claims()["iat"]
    old = mint(claims(iat=now - 60))
    first = post(client, token, comment="Before.", header=reader_header(client, old))
    commenter = Comment.objects.get(pk=first.json()["comment"]["id"]).commenter
    ban_commenter(commenter=commenter, reason="Abuse.", actor=admin_user)
    # New address, new browser, new network: only the account links them.
    moved = mint(claims(iat=now, user={"email": "marta@elsewhere.example.org"}))
    browser = Client(REMOTE_ADDR="203.0.113.9")
    header = reader_header(browser, moved)
    refused = post(browser, token, comment="After.", header=header)
    assert refused.status_code == 403 and refused.json()["code"] == "sanction", refused.content
    assert Comment.objects.count() == 1


def test_a_ban_holds_for_the_account_on_another_device(client, site, token, admin_user):
    first = post(client, token, comment="Before.", header=reader_header(client))
    commenter = Comment.objects.get(pk=first.json()["comment"]["id"]).commenter
    ban_commenter(commenter=commenter, reason="Abuse.", actor=admin_user)
    browser = Client(REMOTE_ADDR="203.0.113.9")
    refused = post(browser, token, comment="After.", header=reader_header(browser))
    assert refused.status_code == 403 and refused.json()["code"] == "sanction"


def test_moderators_see_the_badges_on_the_queue_card(client, site, token, admin_user):
    site.premoderate_all = True
    site.save()
    header = reader_header(client, mint(claims(user={"badges": ["subscriber", "reporter"]})))
    assert post(client, token, comment="Held.", header=header).status_code == 201
    moderator = Client()
    moderator.force_login(admin_user)
    page = moderator.get("/moderate/").content.decode()
    assert 'mod-badge--sso"' in page and ">reporter</span>" in page and ">subscriber</span>" in page


def test_the_token_never_reaches_the_reader_json(client, site, secret):
    jwt = mint()
    assert jwt not in json.dumps(sign_in(client, jwt).json())


def test_a_reporter_given_the_story_publishes_unmoderated_marked_author(client, site, token):
    site.premoderate_all = True
    site.commenting = Commenting.SUBSCRIBERS
    site.save()
    reporter = mint(
        claims(
            user={
                "id": "rep-7",
                "email": "ines@news.example.org",
                "username": "Inés Ward",
                "badges": [],
                "role": "STAFF",
            }
        )
    )
    header = reader_header(client, reporter)
    StoryReporter.objects.create(
        story=Story.objects.get(), identity=SSOIdentity.objects.get(subject="rep-7")
    )
    posted = post(client, token, comment="I wrote this story; ask me.", header=header)
    assert posted.status_code == 201, posted.content
    data = posted.json()
    assert data["status"] == "published" and data["comment"]["author_badges"] == ["staff", "author"]
    comment = Comment.objects.get(pk=data["comment"]["id"])
    assert comment.markers[0]["reason"] == "Written by the story's reporter."
    # The same account on another story is a reader like any other there.
    other_token = thread(client, url=f"{ORIGIN}/other").json()["thread_token"]
    elsewhere = post(client, other_token, comment="Elsewhere.", header=header)
    assert elsewhere.status_code == 403  # subscribers only, and no badge


def test_a_guest_typing_the_reporters_address_is_moderated_as_anyone(client, site, token):
    site.premoderate_all = True
    site.save()
    reader_header(Client(), mint(claims(user={"id": "rep-7", "email": "ines@news.example.org"})))
    StoryReporter.objects.create(
        story=Story.objects.get(), identity=SSOIdentity.objects.get(subject="rep-7")
    )
    guest = post(client, token, comment="Trust me.", author="Inés", email="ines@news.example.org")
    assert guest.status_code == 201 and guest.json()["status"] == "pending"
    assert Comment.objects.get().author_badges == []


def test_a_signed_in_reader_edits_and_deletes_from_another_device(client, site, token):
    """Their account, not their browser, makes the comment theirs: the reader header is enough."""
    posted = post(
        client, token, comment="First thoughts on the ferry.", header=reader_header(client)
    )
    comment_id = posted.json()["comment"]["id"]
    phone = Client(REMOTE_ADDR="203.0.113.21")
    device = form(phone, token)["device_token"]
    edit = f"/api/v1/comments/{comment_id}/edit"
    stranger = post_json(phone, edit, {"comment": "Changed.", "device_token": device})
    assert stranger.status_code == 404, stranger.content
    header = reader_header(phone)
    edited = post_json(
        phone, edit, {"comment": "Second thoughts on the ferry.", "device_token": device}, **header
    )
    assert edited.status_code == 200, edited.content
    assert Comment.objects.get(pk=comment_id).body == "Second thoughts on the ferry."
    deleted = post_json(
        phone, f"/api/v1/comments/{comment_id}/delete", {"device_token": device}, **header
    )
    assert deleted.status_code == 200, deleted.content
    assert Comment.objects.get(pk=comment_id).status == Comment.Status.DELETED
