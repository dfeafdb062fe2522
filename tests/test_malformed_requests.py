"""Malformed requests get a 4xx answer, never a 500 (the test client re-raises server errors)."""

from __future__ import annotations

import pytest
from django.core import signing

from tests.factories import make_comment

pytestmark = pytest.mark.django_db

HUGE = "9" * 30
MAX = 2**63


@pytest.mark.parametrize(
    "url",
    [
        f"/terms/?version={HUGE}",
        f"/guidelines/?version={HUGE}",
        f"/stories/{{slug}}/?cpage={HUGE}",
        "/stories/{slug}/?cpage=-1",
        f"/stories/{{slug}}/?replytocom={HUGE}",
        f"/comments/{HUGE}/report/",
        f"/stories/{{slug}}/comments/{HUGE}/edit/",
        f"/stories/{{slug}}/comments/{HUGE}/delete/",
        f"/stories/{{slug}}/?sort=respected&after={HUGE}",
        "/stories/{slug}/?sort=replies&after=bm90IGEgY3Vyc29y&from=%00",
        f"/moderate/?page={HUGE}&story={HUGE}",
        f"/warnings/{HUGE}/",
        "/stories/%00/",
        f"/stories/{{slug}}/comments/new/?ids={HUGE}",
        "/stories/{slug}/comments/new/?ids=%00,1",
        "/stories/{slug}/comments/new/?ids=%D9%A1",
        f"/api/v1/stories/{HUGE}/live",
        "/api/v1/stories/-1/live",
        f"/api/v1/stories/1/comments?ids={HUGE}",
        "/api/v1/stories/1/comments?ids=1&url=javascript:alert(1)",
        "/your-comments/?before=%00",
        f"/your-comments/?before={HUGE}",
        f"/unsubscribe/{'x' * 300}/",
        "/unsubscribe/%00/",
        f"/api/v1/reader/comments?before={HUGE}",
        "/perspective/v1alpha1/comments:analyze?key=%00",
        f"/perspective/v1alpha1/comments:suggestscore?key={HUGE}",
    ],
)
def test_odd_query_strings_and_paths(bystander, story, terms, url):
    make_comment(story=story)
    assert bystander.get(url.format(slug=story.slug)).status_code < 500


@pytest.mark.parametrize(
    ("url", "data"),
    [
        (
            "/stories/{slug}/comments/",
            {
                "comment_parent": HUGE,
                "author": "A",
                "email": "a@b.c",
                "comment": "x",
                "form_started": "garbage",
            },
        ),
        ("/stories/{slug}/comments/", {"nudge_token": "z" * 500, "comment": "x"}),
        ("/comments/{comment}/report/", {"reason": "nonsense", "details": "x" * 10_000}),
        ("/stories/{slug}/comments/{comment}/respect/", {"on": "x" * 500}),
        (f"/stories/{{slug}}/comments/{HUGE}/respect/", {"on": "1"}),
        ("/stories/{slug}/comments/{comment}/edit/", {"comment": "x" * 100_000}),
        ("/stories/{slug}/comments/{comment}/delete/", {"anything": HUGE}),
        ("/accounts/login/", {"username": "x" * 10_000, "password": ""}),
        ("/moderate/bulk/", {"action": "approve", "comments": [HUGE, "abc"]}),
        ("/your-comments/sign-in/", {"email": "x" * 10_000}),
        ("/your-comments/replies-by-email/", {"delivery": "x" * 1000}),
        ("/perspective/v1alpha1/comments:analyze", {"comment": "x" * 100_000}),
        ("/perspective/v1alpha1/comments:suggestscore?key=tsk_x", {"comment": HUGE}),
        (f"/your-comments/{HUGE}/replies/", {"replies": "on"}),
        ("/your-comments/sign-out/", {"everywhere": "x" * 1000}),
        (f"/unsubscribe/{'y' * 100}/", {"List-Unsubscribe": "One-Click"}),
        (
            "/stories/{slug}/comments/",
            {"author": "A", "email": "a@b.c", "comment": "x", "notify_replies": "z" * 1000},
        ),
        ("/integrations/coral/phase/default", {"action": "NEW", "comment": "x" * 1000}),
        (f"/integrations/coral/phase/{HUGE}", {"action": HUGE}),
    ],
)
def test_odd_form_posts(client, story, terms, url, data):
    comment = make_comment(story=story)
    response = client.post(url.format(slug=story.slug, comment=comment.pk), data)
    assert response.status_code < 500


# --- Values that str.isdigit() accepts but int() does not, and numbers past 64 bits -----------

SUPERSCRIPT = "²"


@pytest.mark.parametrize(
    "url",
    [
        f"/stories/{{slug}}/?replytocom={SUPERSCRIPT}",
        f"/stories/{{slug}}/?cpage={SUPERSCRIPT}",
        f"/terms/?version={SUPERSCRIPT}",
        f"/guidelines/?version={SUPERSCRIPT}",
    ],
)
def test_unicode_digits_in_query_strings_are_ignored(bystander, story, terms, url):
    response = bystander.get(url.format(slug=story.slug))
    assert response.status_code == 200


def test_a_unicode_digit_parent_with_a_form_error_keeps_the_readers_text(bystander, story, terms):
    response = bystander.post(
        f"/stories/{story.slug}/comments/",
        {"comment_parent": SUPERSCRIPT, "author": "", "email": "a@b.org", "comment": "Keep me."},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Keep me." in html and "Please enter your name." in html


@pytest.fixture
def moderator_browser(db):
    from django.contrib.auth.models import Group, User
    from django.test import Client

    user = User.objects.create_user("mod-malformed", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderator"))
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.mark.parametrize(
    "query",
    [
        f"story={HUGE}",
        f"story={SUPERSCRIPT}",
        f"story=-{HUGE}",
        f"page={HUGE}",
        f"tab=pending&story={HUGE}&order=likely&q=x",
    ],
)
def test_staff_filters_with_huge_or_odd_numbers_are_ignored(moderator_browser, story, query):
    make_comment(story=story)
    assert moderator_browser.get(f"/moderate/?{query}").status_code == 200


@pytest.mark.parametrize(
    "data",
    [
        {"comment": [HUGE], "action": "approve"},
        {"comment": ["1" * 19], "action": "approve"},
        {"comment": [SUPERSCRIPT], "action": "approve"},
    ],
)
def test_staff_bulk_posts_with_huge_ids_are_refused_not_crashed(moderator_browser, story, data):
    make_comment(story=story)
    assert moderator_browser.post("/moderate/bulk/", data).status_code < 500


@pytest.mark.parametrize("field", ["next_card", "comment"])
def test_staff_action_posts_with_huge_hidden_ids_do_not_crash(moderator_browser, story, field):
    comment = make_comment(story=story, status="pending")
    response = moderator_browser.post(
        f"/moderate/comments/{comment.pk}/approve/", {field: HUGE, "expected_status": "pending"}
    )
    assert response.status_code < 500
    response = moderator_browser.post(
        f"/moderate/commenters/{comment.commenter_id}/warn/",
        {field: HUGE, "reason": "incivility"},
    )
    assert response.status_code < 500


def test_a_signed_in_reader_s_odd_requests_do_not_crash(story, terms):
    from django.test import Client

    from townsquare.readers.services import reader_session_start
    from townsquare.readers.session import _COOKIE_SALT, READER_COOKIE

    _, token = reader_session_start(email="wren@example.org")
    client = Client()
    client.cookies[READER_COOKIE] = signing.get_cookie_signer(
        salt=READER_COOKIE + _COOKIE_SALT
    ).sign(token)
    assert client.get("/your-comments/").status_code == 200
    for url in (f"/your-comments/{HUGE}/replies/", f"/your-comments/9{MAX}/replies/"):
        assert client.post(url, {"replies": "on"}).status_code == 404
    assert client.get(f"/your-comments/?before={HUGE}").status_code == 200
    response = client.post(
        f"/api/v1/reader/comments/{HUGE}/replies", "{}", content_type="application/json"
    )
    assert response.status_code == 400
