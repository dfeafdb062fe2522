"""Comments posted while the PostgreSQL connection drops are answered truly, never with a 500.

The sweep of issue 20 restarted PostgreSQL under load and 5 comments were answered 500. Here the
request's own database backend is really terminated (``pg_terminate_backend`` from a second
connection) at chosen moments of a post: before the comment is written, at the commit, at the
commit with the database unreachable afterwards, and after the commit.
"""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection
from django.test import Client

from tests.factories import make_story
from townsquare.comments.models import Comment

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL fault"),
    pytest.mark.django_db(transaction=True),
]

FORM = {"author": "Ada Reader", "email": "ada@example.com", "comment": "Well put."}
FRAGMENT = {"HTTP_X_REQUESTED_WITH": "townsquare"}
# The article page's script posts through the API; these post the plain form, as a reader
# without JavaScript does, and the API's answers to the same faults are tested below.


def _terminate(pid: int) -> None:
    """End backend ``pid`` from another connection, and wait until it has gone."""
    config = connection.settings_dict
    with psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname=config["NAME"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])


class Fault:
    """Terminates this connection's backend when a statement matches, as a restart would."""

    def __init__(self, *, before: str = "", after: str = "", then_before: str = "") -> None:
        self.before, self.after, self.then_before = before, after, then_before
        self.fired = 0

    def __call__(self, execute, sql, params, many, context):
        if (
            self.before
            and self.before in sql
            and not self.fired
            or self.then_before
            and self.then_before in sql
            and self.fired == 1
        ):
            self._fire()
        result = execute(sql, params, many, context)
        if self.after and self.after in sql and not self.fired:
            self._fire()
        return result

    def _fire(self) -> None:
        self.fired += 1
        _terminate(connection.connection.info.backend_pid)


def _post(story, fault: Fault):
    client = Client(raise_request_exception=False)
    client.get(story.get_absolute_url())
    with connection.execute_wrapper(fault):
        response = client.post(f"/stories/{story.slug}/comments/", FORM)
    connection.close()  # whatever the request left broken; the next query reconnects
    return response


def test_a_connection_lost_before_the_write_says_nothing_was_saved(db):
    story = make_story()
    response = _post(story, Fault(before='INSERT INTO "comments_comment"'))
    assert response.status_code == 503 and response["Retry-After"]
    assert "Nothing was saved" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_connection_lost_at_the_commit_is_checked_on_a_new_connection(db):
    story = make_story()
    # The audit entry is the transaction's last statement: the next thing sent is COMMIT.
    fault = Fault(after='INSERT INTO "moderation_auditentry"')
    response = _post(story, fault)
    assert fault.fired == 1
    assert response.status_code == 503
    # The new connection found no such row: the database rolled the transaction back.
    assert "Nothing was saved" in response.content.decode()
    assert not Comment.objects.exists()


def test_when_the_commit_cannot_be_checked_the_reader_is_told_to_look_first(db):
    story = make_story()
    fault = Fault(after='INSERT INTO "moderation_auditentry"', then_before='"comments_comment"')
    response = _post(story, fault)
    assert fault.fired == 2
    assert response.status_code == 503
    page = response.content.decode()
    assert "reload the thread" in page and "before posting it again" in page


def test_a_connection_lost_after_the_commit_still_acknowledges_the_comment(db):
    story = make_story()

    class AfterCommit(Fault):
        def __call__(self, execute, sql, params, many, context):
            if 'INSERT INTO "moderation_auditentry"' in sql:
                self.after_audit = True
            elif (
                getattr(self, "after_audit", False)
                and not connection.in_atomic_block
                and not self.fired
            ):
                self._fire()
            return execute(sql, params, many, context)

    fault = AfterCommit()
    response = _post(story, fault)
    assert fault.fired == 1
    comment = Comment.objects.get()
    # Acknowledged without the database: to the thread, at the comment.
    assert response.status_code == 303
    assert response["Location"] == f"{story.get_absolute_url()}#comment-{comment.pk}"


def test_any_other_request_meeting_a_lost_connection_gets_a_503_not_a_500(db):
    story = make_story()
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(Fault(before='FROM "stories_story"')):
        response = client.get(story.get_absolute_url() + "?fresh=1")
    connection.close()
    assert response.status_code == 503 and response["Retry-After"]


# --- the JSON API (the embed) --------------------------------------------------------------------


def test_the_api_answers_a_lost_commit_with_503_outcome_unknown(db):
    from tests.api.conftest import submit, thread
    from tests.factories import make_site, make_terms
    from townsquare.terms.models import TermsVersion

    make_site(origins=["https://news.example.org"])
    make_terms(TermsVersion.Kind.TERMS)
    client = Client(raise_request_exception=False)
    token = thread(client).json()["thread_token"]
    fault = Fault(after='INSERT INTO "moderation_auditentry"', then_before='"comments_comment"')
    with connection.execute_wrapper(fault):
        response = submit(client, token, comment="Saved, or not?")
    connection.close()
    assert fault.fired == 2
    assert response.status_code == 503
    assert response.json()["code"] == "outcome_unknown"


def _api_post(fault: Fault):
    from tests.api.conftest import submit, thread
    from tests.factories import make_site, make_terms
    from townsquare.terms.models import TermsVersion

    make_site(origins=["https://news.example.org"])
    make_terms(TermsVersion.Kind.TERMS)
    client = Client(raise_request_exception=False)
    token = thread(client).json()["thread_token"]
    with connection.execute_wrapper(fault):
        response = submit(client, token, comment="Saved, or not?")
    connection.close()
    return response


def test_the_api_answers_a_write_lost_before_the_insert_with_503_not_saved(db):
    response = _api_post(Fault(before='INSERT INTO "comments_comment"'))
    assert response.status_code == 503
    assert response.json()["code"] == "not_saved"
    assert not Comment.objects.exists()


def test_the_api_acknowledges_a_comment_committed_before_the_connection_went(db):
    class AfterCommit(Fault):
        def __call__(self, execute, sql, params, many, context):
            if 'INSERT INTO "moderation_auditentry"' in sql:
                self.after_audit = True
            elif (
                getattr(self, "after_audit", False)
                and not connection.in_atomic_block
                and not self.fired
            ):
                self._fire()
            return execute(sql, params, many, context)

    fault = AfterCommit()
    response = _api_post(fault)
    assert fault.fired == 1
    assert response.status_code == 201, response.content
    # Committed: acknowledged without the database, which the comment's markup would need.
    assert "was saved" in response.json()["message"]
    assert Comment.objects.count() == 1


def test_the_api_answers_a_lost_connection_on_a_read_with_a_json_503(db):
    from tests.api.conftest import thread
    from tests.factories import make_site

    make_site(origins=["https://news.example.org"])
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(Fault(before='FROM "sites_site"')):
        response = thread(client)
    connection.close()
    assert response.status_code == 503 and response["Retry-After"]
    assert response.json()["code"] == "unavailable"


def test_the_page_script_gets_a_form_error_when_a_lost_connection_hits_another_post(db):
    # Reading the story (before comment_submit runs) fails: the generic answer, shown as the
    # form's error by the page's script, which never re-posts a 503.
    story = make_story()
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(Fault(before='FROM "stories_story"')):
        response = client.post(f"/stories/{story.slug}/comments/", FORM, **FRAGMENT)
    connection.close()
    assert response.status_code == 503
    error = response.json()["errors"]["__all__"][0]
    assert error["code"] == "outcome_unknown" and "reload the page" in error["message"]
