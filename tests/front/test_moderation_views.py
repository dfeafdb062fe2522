"""The moderators' queue over HTTP: access, tabs, filters, search, actions, pages and queries."""

from __future__ import annotations

import copy
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import csrf_post
from tests.factories import make_comment, make_commenter, make_site, make_story
from townsquare.comments.models import Comment
from townsquare.moderation.models import AuditEntry, Report, Sanction
from townsquare.moderation.queue import comment_search
from townsquare.moderation.sanctions import warning_ack_url
from townsquare.moderation.services import audit_record, ban_commenter, commenter_warn

pytestmark = pytest.mark.django_db

QUEUE = "/moderate/"


def staff(username: str, group: str | None) -> User:
    user = User.objects.create_user(username, password="correct horse battery")
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


@pytest.fixture
def moderator(db) -> User:
    """Mo, a member of the Moderator group."""
    return staff("mo", "Moderator")


@pytest.fixture
def mo(moderator) -> Client:
    """Mo's browser, signed in, with CSRF enforced as in real life."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    return client


@pytest.fixture
def troll(db):
    return make_commenter(email="troll@example.com", name="Grim Troll")


def post(client: Client, url: str, data: dict | None = None, **extra):
    return csrf_post(client, url, data or {}, page_url=QUEUE, **extra)


def fetch(client: Client, url: str, data: dict | None = None, query: str = ""):
    """What the queue's script sends: the same form, asking for JSON."""
    return post(client, f"{url}{query}", data, HTTP_X_REQUESTED_WITH="townsquare")


def card_ids(response) -> list[int]:
    return [int(i) for i in re.findall(r'id="card-(\d+)"', response.content.decode())]


# --- access -----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, story):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/moderate/")
    comment = make_comment(story=story, status=Comment.Status.PENDING)
    response = client.post(f"/moderate/comments/{comment.pk}/approve/")
    assert response.status_code == 302
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING


@pytest.mark.parametrize(
    "url",
    [QUEUE, "/moderate/commenters/{commenter}/"],
)
def test_signed_in_non_moderators_get_403(client, story, url):
    comment = make_comment(story=story)
    client.force_login(staff("reporter", None))
    assert client.get(url.format(commenter=comment.commenter_id)).status_code == 403


def test_non_moderators_cannot_act(client, story):
    comment = make_comment(story=story, status=Comment.Status.PENDING)
    client.force_login(staff("intern", None))
    response = client.post(f"/moderate/comments/{comment.pk}/approve/")
    assert response.status_code == 403
    response = client.post(f"/moderate/commenters/{comment.commenter_id}/ban/", {"reason": "spam"})
    assert response.status_code == 403
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING
    assert not Sanction.objects.exists()


def test_administrators_and_superusers_get_in(client):
    client.force_login(staff("ada", "Administrator"))
    assert client.get(QUEUE).status_code == 200
    client.force_login(User.objects.create_superuser("root", password="x" * 12))
    assert client.get(QUEUE).status_code == 200


# --- tabs, counts, filters, ordering ----------------------------------------------------------


@pytest.fixture
def mixed(story, troll):
    """One comment of each kind on ``story``, and a held one on another story."""
    other = make_story(headline="Lighthouse keeper retires")
    comments = {
        "pending": make_comment(story=story, status=Comment.Status.PENDING, body="Held one"),
        "published": make_comment(story=story, body="Live one"),
        "reported": make_comment(story=story, body="Reported one", commenter=troll),
        "rejected": make_comment(story=story, status=Comment.Status.REJECTED, body="Nope"),
        "other_story": make_comment(story=other, status=Comment.Status.PENDING, body="Elsewhere"),
    }
    Report.objects.create(comment=comments["reported"], reporter_key="r1", reason="spam")
    return comments


def test_tabs_show_their_comments_and_counts(mo, mixed, story):
    response = mo.get(QUEUE)
    assert response.status_code == 200
    assert set(card_ids(response)) == {mixed["pending"].pk, mixed["other_story"].pk}
    counts = dict(re.findall(r'data-count-for="(\w+)">(\d+)<', response.content.decode()))
    assert counts == {
        "pending": "2",
        "reported": "1",
        "rejected": "1",
        "approved": "2",
        "all": "5",
    }
    assert card_ids(mo.get(QUEUE, {"tab": "reported"})) == [mixed["reported"].pk]
    assert card_ids(mo.get(QUEUE, {"tab": "rejected"})) == [mixed["rejected"].pk]
    assert len(card_ids(mo.get(QUEUE, {"tab": "all"}))) == 5


def test_story_filter_narrows_cards_and_counts(mo, mixed, story):
    response = mo.get(QUEUE, {"story": story.pk})
    assert card_ids(response) == [mixed["pending"].pk]
    assert 'data-count-for="all">4<' in response.content.decode()


def test_malformed_query_strings_fall_back_to_defaults(mo, mixed):
    response = mo.get(QUEUE, {"tab": "nonsense", "story": "abc", "order": "x", "page": "-4"})
    assert response.status_code == 200
    assert set(card_ids(response)) == {mixed["pending"].pk, mixed["other_story"].pk}
    response = mo.get(QUEUE, {"q": "x" * 5000, "page": "999"})
    assert response.status_code == 200


def test_newest_first_and_most_likely_first(mo, story):
    mild = make_comment(story=story, status=Comment.Status.PENDING, body="Mild")
    nasty = make_comment(story=story, status=Comment.Status.PENDING, body="Nasty")
    unscored = make_comment(story=story, status=Comment.Status.PENDING, body="Unscored")
    Comment.objects.filter(pk=mild.pk).update(
        civility_scores={"toxicity": 0.3, "insult": 0.2}, civility_max=0.3
    )
    Comment.objects.filter(pk=nasty.pk).update(
        civility_scores={"toxicity": 0.4, "threat": 0.91}, civility_max=0.91
    )
    assert card_ids(mo.get(QUEUE)) == [unscored.pk, nasty.pk, mild.pk]
    assert card_ids(mo.get(QUEUE, {"order": "likely"})) == [nasty.pk, mild.pk, unscored.pk]


def test_card_shows_highlights_parent_markers_scores_reports_and_commenter(mo, story, troll):
    parent = make_comment(story=story, body="The council voted yes.", author_name="Pat Parent")
    body = "You <b>clown</b>, read it again."
    comment = make_comment(
        story=story, parent=parent, status=Comment.Status.PENDING, body=body, commenter=troll
    )
    Comment.objects.filter(pk=comment.pk).update(
        civility_scores={"toxicity": 0.81, "insult": 0.77, "spans": [{"start": 4, "end": 16}]},
        markers=[{"check": "civility_hold", "action": "hold", "reason": "Likely an insult."}],
    )
    Report.objects.create(comment=comment, reporter_key="a", reason="personal_attack")
    Report.objects.create(
        comment=comment, reporter_key="b", reason="personal_attack", details="Rude to me"
    )
    make_comment(story=story, commenter=troll, status=Comment.Status.REJECTED)
    audit_record(
        action="hold",
        actor_kind=AuditEntry.ActorKind.PIPELINE,
        comment=comment,
        reason="civility_hold",
        status_after="pending",
    )
    html = mo.get(QUEUE).content.decode()
    assert "You <mark>&lt;b&gt;clown&lt;/b&gt;</mark>, read it again." in html
    assert "In reply to Pat Parent" in html and "The council voted yes." in html
    assert "Civility hold" in html and "Likely an insult." in html
    assert "toxicity" in html and "0.81" in html
    assert "Personal attack or insult × 2" in html and "Rude to me" in html
    assert "troll@example.com" in html
    assert "0 published · 1 rejected" in html
    assert "Rejected in 30 days:</span> 100%" in html
    assert "Policy pipeline: <strong>held for review</strong> (– → Pending) — civility_hold" in html


def test_a_comment_held_on_a_busy_network_says_so_on_its_card(mo, story, settings):
    from townsquare.lib.client import ClientInfo
    from townsquare.moderation.posting import comment_submit

    settings.NETWORK_RATE_LIMIT_PER_HOUR = 1
    crowd = ClientInfo(ip_hash="a", network_hash="office", device_id="d" * 32)
    comment_submit(
        story=story, author_name="Early", email="early@example.org", body="First.", client=crowd
    )
    newcomer = ClientInfo(
        ip_hash="b", network_hash="office", device_id="n" * 32, device_issued_at=None
    )
    held = comment_submit(
        story=story,
        author_name="New Here",
        email="new@example.org",
        body="A new browser on a busy network.",
        client=newcomer,
    ).comment
    assert held.status == Comment.Status.PENDING
    html = mo.get(QUEUE).content.decode()
    assert f'id="card-{held.pk}"' in html
    assert "Premoderation busy" in html and "2 comments this hour from the commenter" in html
    assert "browsers new here wait for a moderator" in html


# --- search -----------------------------------------------------------------------------------


@pytest.mark.postgres
def test_search_finds_words_and_stems_on_this_database(story):
    hit = make_comment(story=story, body="The harbours were dredged last spring.")
    make_comment(story=story, body="Nothing about boats here.")
    by_name = make_comment(story=story, body="Short.", author_name="Quentin Harbourmaster")
    assert list(comment_search(query="harbour dredged")) == [hit]
    assert set(comment_search(query="quentin")) == {by_name}
    # Search syntax and punctuation are read as text, never as query operators.
    for hostile in ['"', "harbour OR", "NEAR(", "*", "' OR 1=1 --", "a:b", "(((", ""]:
        list(comment_search(query=hostile))


@pytest.mark.postgres
def test_search_index_follows_edits(story):
    comment = make_comment(story=story, body="About the ferry timetable.")
    Comment.objects.filter(pk=comment.pk).update(body="About the lighthouse.")
    assert list(comment_search(query="lighthouse")) == [comment]
    assert list(comment_search(query="ferry")) == []


@pytest.mark.postgres
def test_search_in_the_queue(mo, story):
    hit = make_comment(story=story, status=Comment.Status.PENDING, body="Dredging costs too much")
    make_comment(story=story, status=Comment.Status.PENDING, body="Unrelated")
    response = mo.get(QUEUE, {"q": "dredging"})
    assert card_ids(response) == [hit.pk]
    assert 'value="dredging"' in response.content.decode()


def test_sqlite_search_triggers_exist_after_all_migrations(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 triggers are SQLite's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        names = {row[0] for row in cursor.fetchall()}
    # A later migration that rebuilds comments_comment drops these; see migration 0002.
    assert {
        "moderation_comment_fts_insert",
        "moderation_comment_fts_update",
        "moderation_comment_fts_delete",
    } <= names


# --- actions, JS off --------------------------------------------------------------------------


def test_approve_with_javascript_off_redirects_back_to_the_next_card(mo, story):
    first = make_comment(story=story, status=Comment.Status.PENDING)
    second = make_comment(story=story, status=Comment.Status.PENDING)
    back = f"{QUEUE}?tab=pending&order=newest"
    response = post(
        mo,
        f"/moderate/comments/{second.pk}/approve/",
        {"expected_status": "pending", "next": back, "next_card": first.pk},
    )
    assert response.status_code == 303
    assert response["Location"] == f"{back}#card-{first.pk}"
    assert Comment.objects.get(pk=second.pk).status == Comment.Status.PUBLISHED
    page = mo.get(back)
    assert "Approved. Comment by Ada Reader." in page.content.decode()


def test_redirects_never_leave_the_site(mo, story):
    comment = make_comment(story=story, status=Comment.Status.PENDING)
    response = post(
        mo, f"/moderate/comments/{comment.pk}/approve/", {"next": "https://evil.example/"}
    )
    assert response["Location"].startswith("/moderate/")


def test_reject_needs_a_reason_and_says_so_without_losing_anything(mo, story):
    comment = make_comment(story=story, status=Comment.Status.PENDING)
    response = post(mo, f"/moderate/comments/{comment.pk}/reject/", {"reason": "made-up"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING
    response = post(mo, f"/moderate/comments/{comment.pk}/reject/", {"reason": "spam"})
    assert response.status_code == 303
    assert Comment.objects.get(pk=comment.pk).rejection_reason == "spam"


def test_remove_and_feature_a_published_comment(mo, story):
    comment = make_comment(story=story)
    refused = post(mo, f"/moderate/comments/{comment.pk}/feature/")
    assert refused.status_code == 400
    assert "Please say why it is featured" in refused.content.decode()
    assert not Comment.objects.get(pk=comment.pk).featured
    post(mo, f"/moderate/comments/{comment.pk}/feature/", {"featured_reason": "Knows the ferry"})
    featured = Comment.objects.get(pk=comment.pk)
    assert featured.featured and featured.featured_reason == "Knows the ferry"
    post(mo, f"/moderate/comments/{comment.pk}/remove/", {"reason": "off_topic"})
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.REMOVED


def test_unknown_actions_and_comments_are_404(mo, story):
    comment = make_comment(story=story)
    assert post(mo, f"/moderate/comments/{comment.pk}/delete/").status_code == 404
    assert post(mo, "/moderate/comments/999999/approve/").status_code == 404
    assert post(mo, "/moderate/commenters/999999/ban/", {"reason": "spam"}).status_code == 404


def test_double_click_says_someone_got_there_first(mo, story):
    comment = make_comment(story=story, status=Comment.Status.PENDING)
    data = {"expected_status": "pending"}
    post(mo, f"/moderate/comments/{comment.pk}/approve/", data)
    response = fetch(mo, f"/moderate/comments/{comment.pk}/approve/", data)
    body = response.json()
    assert body["changed"] is False
    assert "another moderator" in body["message"]
    assert "is now published" in body["message"]  # what it is now, not what this click saw
    assert AuditEntry.objects.filter(action="approve").count() == 1


def test_ban_from_a_card_with_javascript_off(
    mo, story, troll, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    comment = make_comment(story=story, status=Comment.Status.PENDING, commenter=troll)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            mo,
            f"/moderate/commenters/{troll.pk}/ban/",
            {
                "reason": "threat",
                "note": "Second threat this week",
                "comment": comment.pk,
                "also_reject": "on",
                "next": QUEUE,
            },
        )
    assert response.status_code == 303
    ban = Sanction.objects.get()
    assert ban.kind == Sanction.Kind.BAN
    assert ban.reason == "A threat of violence. Second threat this week"
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.REJECTED
    assert mailoutbox == [], "the ban notice is a task, sent after the moderator's request"
    run_tasks()
    assert len(mailoutbox) == 1


def test_suspend_with_custom_length_and_bad_input(mo, troll):
    url = f"/moderate/commenters/{troll.pk}/suspend/"
    response = post(mo, url, {"reason": "incivility", "duration": "custom", "note": "Keep me"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give the number of hours" in html
    assert 'value="Keep me"' in html, "what the moderator typed is kept"
    assert not Sanction.objects.exists()
    post(mo, url, {"reason": "incivility", "duration": "custom", "custom_hours": "48"})
    sanction = Sanction.objects.get()
    hours = (sanction.ends_at - timezone.now()).total_seconds() / 3600
    assert 47.9 < hours <= 48


@pytest.mark.parametrize("action", ["warn", "premoderate"])
def test_warn_and_premoderate_from_the_queue(mo, troll, action):
    response = post(mo, f"/moderate/commenters/{troll.pk}/{action}/", {"reason": "off_topic"})
    assert response.status_code == 303
    assert Sanction.objects.get().kind == {"warn": "warning", "premoderate": "premoderate"}[action]


def test_lift_from_the_commenter_page(mo, troll, moderator):
    ban = ban_commenter(commenter=troll, reason="x", actor=moderator).sanction
    page = f"/moderate/commenters/{troll.pk}/"
    response = post(mo, f"/moderate/sanctions/{ban.pk}/lift/", {"next": page})
    assert response.status_code == 303 and response["Location"] == page
    ban.refresh_from_db()
    assert ban.lifted_at is not None


# --- actions, JS on ---------------------------------------------------------------------------


def test_scripted_reject_returns_counts_and_drops_the_card(mo, story):
    comment = make_comment(story=story, status=Comment.Status.PENDING)
    response = fetch(
        mo,
        f"/moderate/comments/{comment.pk}/reject/",
        {"reason": "incivility", "expected_status": "pending"},
        query="?tab=pending",
    )
    data = response.json()
    assert data["changed"] is True and data["in_tab"] is False
    assert data["counts"]["pending"] == "0" and data["counts"]["rejected"] == "1"


def test_scripted_feature_in_the_all_tab_returns_the_new_card(mo, story):
    comment = make_comment(story=story)
    data = fetch(
        mo,
        f"/moderate/comments/{comment.pk}/feature/",
        {"featured_reason": "A rare first-hand account"},
        query="?tab=all",
    ).json()
    assert data["in_tab"] is True
    assert f'id="card-{comment.pk}"' in data["card_html"]
    assert "Unfeature" in data["card_html"]


def test_scripted_bad_input_is_a_400_with_field_errors(mo, story):
    comment = make_comment(story=story, status=Comment.Status.PENDING)
    response = fetch(mo, f"/moderate/comments/{comment.pk}/reject/", {"reason": ""})
    assert response.status_code == 400
    assert "reason" in response.json()["errors"]


# --- bulk -------------------------------------------------------------------------------------


def test_bulk_approve_and_reject(mo, story):
    held = [make_comment(story=story, status=Comment.Status.PENDING) for _ in range(3)]
    response = post(
        mo,
        "/moderate/bulk/",
        {"comment": [held[0].pk, held[1].pk], "action": "approve", "next": QUEUE},
    )
    assert response.status_code == 303
    statuses = [Comment.objects.get(pk=c.pk).status for c in held]
    assert statuses == ["published", "published", "pending"]
    post(mo, "/moderate/bulk/", {"comment": [held[2].pk], "action": "reject", "reason": "spam"})
    assert Comment.objects.get(pk=held[2].pk).status == Comment.Status.REJECTED
    assert "Rejected or removed 1 comment." in mo.get(QUEUE).content.decode()


def test_bulk_with_nothing_selected_or_garbage_says_so(mo, story):
    response = post(mo, "/moderate/bulk/", {"action": "approve", "next": QUEUE})
    assert response.status_code == 303
    assert "Select at least one comment" in mo.get(QUEUE).content.decode()
    response = post(mo, "/moderate/bulk/", {"comment": ["abc"], "action": "approve"})
    assert response.status_code == 303
    comment = make_comment(story=story, status=Comment.Status.PENDING)
    post(mo, "/moderate/bulk/", {"comment": [comment.pk], "action": "reject"})
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING


# --- query counts -----------------------------------------------------------------------------


def fill_queue(story, n: int, moderator) -> None:
    """``n`` held replies, each reported, by commenters with history, sanctions and audit."""
    parent = make_comment(story=story, body="Parent")
    for i in range(n):
        commenter = make_commenter(name=f"Writer {i}")
        make_comment(story=story, commenter=commenter, status=Comment.Status.REJECTED)
        comment = make_comment(
            story=story, parent=parent, status=Comment.Status.PENDING, commenter=commenter
        )
        Comment.objects.filter(pk=comment.pk).update(
            civility_scores={"toxicity": i / n, "spans": [{"start": 0, "end": 3}]},
            civility_max=i / n,
            markers=[{"check": "civility_hold", "action": "hold", "reason": "x"}],
        )
        Report.objects.create(comment=comment, reporter_key=f"k{i}", reason="spam", details="d")
        commenter_warn(commenter=commenter, reason="Careful", actor=moderator, comment=comment)


@pytest.mark.parametrize("order", ["newest", "likely"])
def test_queue_page_queries_do_not_grow_with_the_queue(
    mo, story, moderator, django_assert_num_queries, order
):
    fill_queue(story, 5, moderator)
    mo.get(QUEUE, {"order": order})  # the first visit creates the policy row and the session
    with CaptureQueriesContext(connection) as small:
        assert len(card_ids(mo.get(QUEUE, {"order": order}))) == 5
    fill_queue(story, 45, moderator)
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(card_ids(mo.get(QUEUE, {"order": order}))) == 20
    # One bounded count per tab (5), and the policy whose thresholds colour the scores.
    assert len(small.captured_queries) <= 19


# --- commenter page ---------------------------------------------------------------------------


def test_commenter_page_shows_comments_sanctions_and_audit(mo, story, troll, moderator):
    make_comment(story=story, commenter=troll, body="First words", status="published")
    comment = make_comment(story=story, commenter=troll, body="Second words", status="pending")
    ban_commenter(
        commenter=troll, reason="Abuse", actor=moderator, comment=comment, comment_reason="hate"
    )
    html = mo.get(f"/moderate/commenters/{troll.pk}/").content.decode()
    assert "troll@example.com" in html
    assert "First words" in html and "Second words" in html
    assert "Ban" in html and "Abuse" in html and "In force" in html
    assert "<strong>banned</strong>" in html and "<strong>rejected</strong>" in html


def test_commenter_page_is_paginated(mo, story, troll):
    for i in range(30):
        make_comment(story=story, commenter=troll, body=f"Comment number {i}")
    html = mo.get(f"/moderate/commenters/{troll.pk}/").content.decode()
    assert html.count('class="mod-row"') == 25
    assert "Page 1 of 2" in html
    html = mo.get(f"/moderate/commenters/{troll.pk}/", {"page": "2"}).content.decode()
    assert html.count('class="mod-row"') == 5


# --- the warning acknowledgement page ---------------------------------------------------------


def test_warned_commenter_acknowledges_from_the_email_link(reader, troll, moderator):
    warning = commenter_warn(commenter=troll, reason="Mind the tone", actor=moderator).sanction
    url = warning_ack_url(warning)
    page = reader.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Mind the tone" in html and "I understand" in html
    assert "troll@example.com" not in html, "the address is staff-only"
    response = csrf_post(reader, url, {}, page_url=url)
    assert response.status_code == 200
    assert "You can comment again" in response.content.decode()
    warning.refresh_from_db()
    assert warning.acknowledged_at is not None


def test_a_broken_warning_link_is_a_friendly_404(reader):
    response = reader.get("/warnings/garbage:token/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_json_is_json(mo, story):
    comment = make_comment(story=story, status=Comment.Status.PENDING)
    response = fetch(mo, f"/moderate/comments/{comment.pk}/approve/", query="?tab=pending")
    assert response["Content-Type"] == "application/json"
    json.loads(response.content)


def test_commenter_page_queries_do_not_grow(mo, story, troll, moderator):
    def fill(n: int) -> None:
        for _ in range(n):
            comment = make_comment(story=story, commenter=troll, status=Comment.Status.PENDING)
            audit_record(action="hold", actor_kind="pipeline", comment=comment)
        commenter_warn(commenter=troll, reason="x", actor=moderator)

    fill(3)
    with CaptureQueriesContext(connection) as small:
        mo.get(f"/moderate/commenters/{troll.pk}/")
    fill(40)
    with CaptureQueriesContext(connection) as large:
        mo.get(f"/moderate/commenters/{troll.pk}/")
    assert len(large.captured_queries) == len(small.captured_queries)


def test_nudge_revise_rate_in_the_queue_header(mo, story):
    from townsquare.moderation.models import NudgeEvent

    assert "no nudges yet" in mo.get(QUEUE).content.decode()
    outcomes = ["revised", "revised", "revised", "posted_anyway", "open"]
    for i, outcome in enumerate(outcomes):
        NudgeEvent.objects.create(token=f"t{i}", story=story, text_hash="h", outcome=outcome)
    old = NudgeEvent.objects.create(token="old", story=story, text_hash="h", outcome="revised")
    NudgeEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    assert "Nudge revise rate, 30 days: <strong>75%</strong>" in mo.get(QUEUE).content.decode()


def test_a_comment_has_a_card_page_of_its_own_for_report_emails(mo, story, client):
    from townsquare.moderation.reporting import moderation_card_url

    held = make_comment(story=story, status=Comment.Status.PENDING, body="Card page body")
    url = moderation_card_url(held.pk).replace("http://testserver", "")
    path = url.split("://", 1)[-1].split("/", 1)[-1]
    first = mo.get(f"/{path}")
    assert first.status_code == 302 and first["Location"].endswith("?tab=all")
    page = mo.get(first["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and "Card page body" in html
    assert f'value="/moderate/comments/{held.pk}/?tab=all"' in html  # actions come back here
    approved = csrf_post(
        mo,
        f"/moderate/comments/{held.pk}/approve/",
        {"next": f"/moderate/comments/{held.pk}/?tab=all"},
        page_url=first["Location"],
    )
    assert approved.status_code == 303
    assert approved["Location"].startswith(f"/moderate/comments/{held.pk}/?tab=all")
    assert mo.get(first["Location"]).status_code == 200
    assert client.get(f"/moderate/comments/{held.pk}/").status_code == 302  # anonymous: sign in
    assert mo.get("/moderate/comments/999999/?tab=all").status_code == 404


def _plan(queryset) -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # tiny tables: ask for the index
            cursor.execute("SET LOCAL enable_sort = off")
    return queryset.explain()


@pytest.mark.postgres
def test_the_most_likely_first_order_reads_its_index(story):
    from townsquare.moderation.queue import queue_queryset

    for n in range(3):
        make_comment(story=story, body=f"Held {n}", status="pending")
    plan = _plan(queue_queryset(tab="pending", order="likely")[:20])
    assert "comment_queue_likely" in plan, plan


@pytest.mark.postgres
def test_the_flood_limit_query_reads_the_device_index(story):
    from datetime import timedelta

    from django.utils import timezone

    from townsquare.comments.models import Comment

    # The planner chooses on statistics: on an empty, never-analysed table the created_at index
    # costs the same as the device one, and PostgreSQL took either from run to run. An hour's
    # posts from a thousand devices, analysed, is the shape the limit meets in production.
    base = make_comment(story=story, body="A post in a busy hour.")
    copies = []
    for n in range(3000):
        row = copy.copy(base)
        row.pk = None
        row.device_id = f"{n % 1000:032x}"
        copies.append(row)
    Comment.objects.bulk_create(copies, batch_size=500)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE comments_comment")  # both engines take it in a transaction

    recent = Comment.objects.filter(
        device_id=f"{7:032x}", created_at__gte=timezone.now() - timedelta(hours=1)
    ).order_by("-created_at")
    assert recent.count() == 3
    assert "comment_device_created" in _plan(recent[:10])


def test_tab_counts_stop_at_the_cap_and_say_so(mo, story, settings, monkeypatch):
    from townsquare.moderation import queue

    monkeypatch.setattr(queue, "COUNT_CAP", 3)
    for n in range(5):
        make_comment(story=story, body=f"Held {n}", status="pending")
    make_comment(story=story, body="Out there", status="published")
    counts = queue.queue_counts()
    assert str(counts["pending"]) == "3+" and counts["pending"].capped
    assert str(counts["approved"]) == "1"
    html = mo.get(QUEUE).content.decode()
    assert 'data-count-for="pending">3+<' in html


@pytest.mark.postgres
def test_tab_counts_read_indexes_not_every_comment(story):
    from townsquare.moderation.queue import COUNT_CAP, _tab_condition

    plan = _plan(Comment.objects.filter(_tab_condition("pending")).order_by()[: COUNT_CAP + 1])
    # Any of the status indexes will do (the planner picks); what must not happen is a scan of
    # every comment.
    assert "INDEX" in plan.upper() and "SEQ SCAN" not in plan.upper(), plan


# --- languages (docs/translating.md) ------------------------------------------------------------


@pytest.mark.usefixtures("mail_tasks_at_once")
def test_a_warning_given_on_a_spanish_site_reaches_the_commenter_in_spanish(
    mo, reader, troll, mailoutbox, django_capture_on_commit_callbacks
):
    """The moderator's browser is English; the commenter, who wrote on a Spanish site, gets the
    reason, the e-mail and the acknowledgement page in Spanish."""
    story = make_story(site=make_site(language="es"))
    comment = make_comment(story=story, commenter=troll, status=Comment.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            mo,
            f"/moderate/commenters/{troll.pk}/warn/",
            {"reason": "personal_attack", "note": "Sin insultos.", "comment": comment.pk},
        )
    assert response.status_code == 303
    assert "Warned Grim Troll." in mo.get(QUEUE).content.decode()  # the moderator's language
    warning = Sanction.objects.get(commenter=troll)
    assert warning.reason == "Un ataque personal contra otra persona. Sin insultos."

    (mail,) = [m for m in mailoutbox if m.to == ["troll@example.com"]]
    assert mail.subject == "Una advertencia de los moderadores de The Harbour Courier"
    assert mail.body.startswith("Hola, Grim Troll:\n\nLos moderadores le han advertido")
    assert "Motivo: Un ataque personal contra otra persona. Sin insultos." in mail.body
    link = re.search(r"https://news\.example(/warnings/\S+/)", mail.body).group(1)

    page = reader.get(link)
    html = page.content.decode()
    assert page.status_code == 200 and '<html lang="es">' in html
    assert "<h1>Una advertencia de los moderadores</h1>" in html
    assert "Un ataque personal contra otra persona. Sin insultos." in html
    assert "Entendido</button>" in html and "I understand" not in html
    done = csrf_post(reader, link, {}, page_url=link).content.decode()
    assert "Gracias. Ya puede volver a comentar." in done


def test_the_warning_page_of_an_english_site_stays_english(reader, troll, moderator, story):
    make_comment(story=story, commenter=troll)
    warning = commenter_warn(commenter=troll, reason="Mind the tone", actor=moderator).sanction
    html = reader.get(warning_ack_url(warning)).content.decode()
    assert '<html lang="en-gb">' in html and "I understand" in html


def test_the_commenter_page_follows_the_moderators_browser(mo, story, troll, moderator):
    comment = make_comment(story=story, commenter=troll, status=Comment.Status.PENDING)
    ban_commenter(
        commenter=troll, reason="Abuse", actor=moderator, comment=comment, comment_reason="hate"
    )
    html = mo.get(f"/moderate/commenters/{troll.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="fr">' in html
    assert "← File de modération" in html and '<h2 id="sanctions-title">Sanctions</h2>' in html
    assert "<td>Exclusion</td>" in html and "<strong>En vigueur</strong>" in html
    assert "Journal d’audit" in html and "<strong>exclu</strong>" in html
    assert "Refusé</span>" in html  # the comment the ban took down, one comment: singular
    assert "(Haine, ou attaque contre des personnes pour ce qu’elles sont)" in html
    for english in ("Audit trail", "In force", "Sanctions</th>", "No comments."):
        assert english not in html


def test_the_queue_gives_its_script_the_strings_in_the_moderators_language(mo, story):
    """moderate.js reads every string it shows from the page's JSON block (English fallbacks
    of its own only when the block is missing): each key it reads is there, translated."""
    make_comment(story=story, status=Comment.Status.PENDING)
    html = mo.get(QUEUE, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    block = re.search(r'<script id="ts-strings" type="application/json">(.*?)</script>', html)
    strings = json.loads(block.group(1))
    assert strings["unavailable"] == "Esa acción no está disponible para este comentario."
    assert strings["failed"] == "No ha funcionado; vuelva a intentarlo."
    assert strings["empty"] == "No queda nada en esta página."
    assert strings["selected"] == {
        "one": "%(count)s seleccionado",
        "many": "%(count)s seleccionados",
        "other": "%(count)s seleccionados",
    }
    script = Path(finders.find("townsquare/moderate.js")).read_text()
    read = set(re.findall(r'(?:text|plural)\("(\w+)"', script))
    assert read == set(strings)


def test_action_messages_follow_the_moderators_browser(mo, story):
    comment = make_comment(story=story, status=Comment.Status.PENDING, author_name="Ada")
    url = f"/moderate/comments/{comment.pk}/approve/"
    german = {"HTTP_X_REQUESTED_WITH": "townsquare", "HTTP_ACCEPT_LANGUAGE": "de"}
    assert post(mo, url, **german).json()["message"] == "Freigegeben. Kommentar von Ada."
    again = post(mo, url, **german).json()
    assert again["message"] == (
        "Nichts geändert: Der Kommentar von Ada ist jetzt veröffentlicht (vielleicht hat "
        "jemand anderes aus der Moderation gehandelt)."
    )


def test_a_card_names_its_checks_statuses_and_audit_in_the_moderators_language(mo, story):
    comment = make_comment(story=story, status=Comment.Status.PENDING)
    Comment.objects.filter(pk=comment.pk).update(
        markers=[{"check": "civility_hold", "action": "hold", "reason": "Likely an insult."}]
    )
    audit_record(
        action="submit_hold",
        actor_kind=AuditEntry.ActorKind.PIPELINE,
        comment=comment,
        status_after="pending",
    )
    html = mo.get(QUEUE, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "<strong>Wegen des Umgangstons zurückgehalten</strong>" in html
    assert '<span class="mod-card__action">(zurückhalten)</span>' in html
    assert ">Ausstehend</span>" in html  # the card's status badge
    assert (
        "Automatische Prüfung: <strong>eingereicht und zur Prüfung zurückgehalten</strong>" in html
    )
    assert "(– → Ausstehend)" in html
