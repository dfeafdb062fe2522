"""Malformed requests get a 4xx answer, never a 500 (the test client re-raises server errors)."""

from __future__ import annotations

import pytest

from tests.factories import make_comment

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


@pytest.mark.parametrize(
    "url",
    [
        f"/terms/?version={HUGE}",
        f"/guidelines/?version={HUGE}",
        f"/stories/{{slug}}/?cpage={HUGE}",
        "/stories/{slug}/?cpage=-1",
        f"/stories/{{slug}}/?replytocom={HUGE}",
        f"/comments/{HUGE}/report/",
        f"/moderate/?page={HUGE}&story={HUGE}",
        f"/warnings/{HUGE}/",
        "/stories/%00/",
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
        ("/accounts/login/", {"username": "x" * 10_000, "password": ""}),
        ("/moderate/bulk/", {"action": "approve", "comments": [HUGE, "abc"]}),
    ],
)
def test_odd_form_posts(client, story, terms, url, data):
    comment = make_comment(story=story)
    response = client.post(url.format(slug=story.slug, comment=comment.pk), data)
    assert response.status_code < 500
