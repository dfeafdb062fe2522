from __future__ import annotations

from django.core import signing

from townsquare.embed.tokens import (
    author_comment_ids,
    author_token_for,
    story_id_from_thread_token,
    thread_token_for,
)
from townsquare.lib.client import device_cookie_value, device_id_from_value


def test_a_thread_token_names_its_story_and_cannot_be_forged():
    token = thread_token_for(42)
    assert story_id_from_thread_token(token) == 42
    assert story_id_from_thread_token(token.replace("42", "43", 1)) is None
    assert story_id_from_thread_token("42") is None and story_id_from_thread_token("") is None


def test_an_author_token_lists_the_authors_comments_only():
    token = author_token_for([5, 3, 5])
    assert author_comment_ids(token) == [5, 3]
    forged = signing.dumps([1, 2], salt="another-salt", compress=True)
    assert author_comment_ids(forged) == [] and author_comment_ids("x" * 5000) == []


def test_a_device_token_is_the_signed_device_id():
    device = "A" * 32
    assert device_id_from_value(device_cookie_value(device)) == device
    assert device_id_from_value(device) is None  # unsigned: not accepted
