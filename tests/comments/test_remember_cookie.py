"""A crafted "remember me" cookie never breaks the page it pre-fills.

The sweep of issue 20 sent a cookie whose JSON held ``\\ud800`` (a lone UTF-16 surrogate, which
``json.loads`` accepts but no UTF-8 page can carry): the article page answered 500.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client

from townsquare.comments.remember import REMEMBER_COOKIE

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "saved",
    [
        '{"author": "\\ud800", "email": "ada@example.com"}',
        '{"author": "Ada", "email": "ada\\udfff@example.com", "url": "\\ud83d"}',
        '{"author": "\\u0000\\ud800\\udc00x"}',
    ],
)
def test_a_cookie_with_a_lone_surrogate_is_ignored_not_a_500(story, saved):
    client = Client(raise_request_exception=False)
    client.cookies[REMEMBER_COOKIE] = quote(saved)
    response = client.get(f"/stories/{story.slug}/")
    assert response.status_code == 200
    assert "ud800" not in response.content.decode()


def test_a_well_formed_cookie_still_pre_fills_the_form(story):
    client = Client()
    client.cookies[REMEMBER_COOKIE] = quote(
        '{"author": "Ada Lovelace", "email": "ada@example.com"}'
    )
    html = client.get(f"/stories/{story.slug}/").content.decode()
    assert 'value="Ada Lovelace"' in html and 'value="ada@example.com"' in html
