"""Bodies that are not Coral's request get a 400 that says what is wrong, never a 500.

Each body is signed with the site's secret, so the request gets past the signature to the part
under test.
"""

from __future__ import annotations

import json

import pytest

from tests.coral.conftest import SECRET, coral_json, coral_post, coral_signature

pytestmark = pytest.mark.django_db


def signed(client, site, body: bytes):
    return coral_post(client, site.slug, body, coral_signature(body, SECRET))


def request_with(**changes) -> bytes:
    data = json.loads(coral_json("A fair point about the harbour."))
    for path, value in changes.items():
        target = data
        *parents, last = path.split("__")
        for key in parents:
            target = target[key]
        if value is ...:
            del target[last]
        else:
            target[last] = value
    return json.dumps(data, indent=2).encode()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "not JSON"),
        (b"{", "not JSON"),
        (b"\xff\xfe\x00", "not JSON"),
        (b"[1, 2]", "must be a JSON object"),
        (b'"NEW"', "must be a JSON object"),
        (b"null", "must be a JSON object"),
        (b"[" * 10_000 + b"]" * 10_000, "not JSON"),
        (request_with(action="DELETE"), "`action` must be NEW or EDIT"),
        (request_with(action=...), "`action` is missing"),
        (request_with(action=1), "`action` must be a string"),
        (request_with(comment=...), "`comment` must be an object"),
        (request_with(comment="hi"), "`comment` must be an object"),
        (request_with(comment__body=...), "`comment.body` is missing"),
        (request_with(comment__body=12), "`comment.body` must be a string"),
        (request_with(comment__body=["a"]), "`comment.body` must be a string"),
        (request_with(comment__parentID=7), "`comment.parentID` must be a string"),
        (request_with(author=...), "`author` must be an object"),
        (request_with(author__role=None), "`author.role` is missing"),
        (request_with(author__id={"x": 1}), "`author.id` must be a string"),
        (request_with(story__url=...), "`story.url` is missing"),
        (request_with(story=[]), "`story` must be an object"),
        (request_with(site="x"), "`site` must be an object"),
        (request_with(site__id=3), "`site.id` must be a string"),
        (request_with(tenantID=...), "`tenantID` is missing"),
        (request_with(tenantDomain=False), "`tenantDomain` must be a string"),
        (request_with(comment__body="half a pair \ud800"), "not valid Unicode"),
    ],
)
def test_a_malformed_body_is_a_400_naming_the_problem(
    client, coral_site, live_secret, body, message
):
    response = signed(client, coral_site, body)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid"
    assert message in response.json()["message"]


def test_what_coral_may_leave_out_is_optional(client, coral_site, live_secret):
    """``parentID`` null or absent, no ``site`` (Coral before multisite), no ``tenantDomain``."""
    body = request_with(comment__parentID=..., site=..., tenantDomain=...)
    assert signed(client, coral_site, body).status_code == 204


def test_unknown_roles_and_extra_fields_are_accepted(client, coral_site, live_secret):
    body = request_with(author__role="ROLE_FROM_CORAL_10", comment__revision="r2", extra={"a": 1})
    assert signed(client, coral_site, body).status_code == 204


def test_an_empty_comment_has_nothing_to_say(client, coral_site, live_secret):
    assert signed(client, coral_site, request_with(comment__body="  \n")).status_code == 204


def test_content_length_that_is_not_a_number_is_a_400(client, coral_site, live_secret):
    response = client.generic(
        "POST",
        f"/integrations/coral/phase/{coral_site.slug}",
        b"{}",
        "application/json",
        CONTENT_LENGTH="many",
    )
    assert response.status_code == 400
