"""The one posting use case, as the reply form and the API call it: what a whole post costs.

Counted over the whole request (the session, the form token, the flood counters, the checks,
the write and the answer), not only the write transaction, so a statement added anywhere on the
way shows here.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import ORIGIN, form, post_json, thread
from tests.factories import make_site
from townsquare.comments.forms import form_started_token
from townsquare.comments.models import Comment
from townsquare.notifications.posting import REFUSAL_STATUS, refusal_status

pytestmark = pytest.mark.django_db


def _extra() -> int:
    # Without Redis the spent form token and the address and network counters are upserts in
    # the database, and the word lists a read of its cache table; PostgreSQL takes two advisory
    # locks.
    return (0 if settings.REDIS_URL else 3) + (2 if connection.vendor == "postgresql" else 0)


def _form_post(client, story, terms, text: str):
    data = {
        "author": "Ada Reader",
        "email": "ada@example.com",
        "url": "",
        "comment": text,
        "tos_version": str(terms.pk),
        "form_started": form_started_token(),
    }
    return client.post(f"/stories/{story.slug}/comments/", data, HTTP_ORIGIN="http://testserver")


def test_a_post_through_the_reply_form_costs_a_fixed_number_of_statements(reader, story, terms):
    assert _form_post(reader, story, terms, "First thoughts.").status_code == 303
    # story, session, commenter, sanctions, the reader's limit, policy, evasion marks, terms;
    # then the write: the reader's limit again under the lock, the comment, the story's
    # counters, the audit entry; then which page of the thread holds it (where the reader
    # lands) and the session's list of the reader's comments. 18: the write and the session
    # save each show a SAVEPOINT and a RELEASE here, as the test runs in a transaction (in
    # production their BEGIN and COMMIT are not counted). Before one posting use case: 19
    # (comment_create's own savepoint pair, no landing page to find).
    with CaptureQueriesContext(connection) as queries:
        response = _form_post(reader, story, terms, "And a second thought.")
    assert response.status_code == 303 and Comment.objects.count() == 2
    assert len(queries) == 18 + _extra(), "\n".join(q["sql"][:120] for q in queries)


def test_a_post_through_the_api_costs_a_fixed_number_of_statements(client, terms):
    make_site(origins=[ORIGIN])
    token = thread(client).json()["thread_token"]
    started = form(client, token)
    base = {
        "thread_token": token,
        "author": "Api Reader",
        "email": "api.reader@example.org",
        "device_token": started["device_token"],
    }
    post_json(
        client,
        "/api/v1/comments",
        {
            **base,
            "comment": "First.",
            "form_started": form(client, token, device_token=started["device_token"])[
                "form_started"
            ],
        },
    )
    fresh = form(client, token, device_token=started["device_token"])["form_started"]
    # As the reply form, without the session: 13 (before one posting use case: 15).
    with CaptureQueriesContext(connection) as queries:
        response = post_json(
            client, "/api/v1/comments", {**base, "comment": "Second.", "form_started": fresh}
        )
    assert response.status_code == 201, response.content
    assert len(queries) == 13 + _extra(), "\n".join(q["sql"][:120] for q in queries)


def test_one_map_answers_every_refusal_of_both_interfaces():
    assert refusal_status("story_closed") == 403 and refusal_status("rate_limit") == 429
    assert refusal_status("rejected") == 422 and refusal_status("not_saved") == 503
    assert refusal_status("something_new") == 400
    assert set(REFUSAL_STATUS.values()) <= {400, 403, 409, 422, 429, 503}
