"""Reader reports: the form, one report per reader, hiding at the threshold, moderator e-mail,
digest batching, malformed input, and raw IP retention."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.conftest import csrf_post
from tests.factories import make_comment, make_commenter, make_story
from townsquare.comments.models import Comment
from townsquare.lib.client import DEVICE_COOKIE, device_cookie_value
from townsquare.moderation.models import AuditEntry, ModerationPolicy, Report
from townsquare.moderation.policy import moderation_policy
from townsquare.moderation.reporting import (
    ReportRefused,
    report_create,
    report_digest_send,
    reporter_key_for,
)
from townsquare.moderation.retention import raw_ips_expire, raw_ips_expire_task

pytestmark = pytest.mark.django_db

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fresh_cache_and_mail_settings(settings):
    cache.clear()  # digest windows are remembered in the cache
    settings.MODERATION_EMAIL = "desk@harbourcourier.example"
    settings.SITE_URL = "https://news.example"
    settings.REPORT_EMAIL_BATCH_MINUTES = 0
    yield
    cache.clear()


@pytest.fixture
def heated_comment(story):
    """A published comment by a commenter whose e-mail must never reach a reader's page."""
    commenter = make_commenter(email="private.person@example.com", name="Hot Head")
    return make_comment(
        story=story, commenter=commenter, author_name="Hot Head", body="You are all *idiots*."
    )


def report_url(comment) -> str:
    return f"/comments/{comment.pk}/report/"


def file_report(client: Client, comment, **data):
    data = {"reason": "personal_attack", "details": "", **data}
    return csrf_post(client, report_url(comment), data, page_url=report_url(comment))


def other_readers(count: int, *, network: str | None = None) -> list[Client]:
    """Readers in their own browsers, each on a network of its own unless ``network`` is given."""
    return [
        Client(
            enforce_csrf_checks=True,
            REMOTE_ADDR=f"{network}.{n + 1}" if network else f"198.51.{100 + n}.7",
        )
        for n in range(count)
    ]


# --- the form -----------------------------------------------------------------------------------


def test_form_shows_the_comment_all_reasons_and_the_details_box(reader, heated_comment):
    response = reader.get(report_url(heated_comment))
    html = response.content.decode()
    assert response.status_code == 200
    assert "You are all <em>idiots</em>." in html  # sanitised body_html, rendered as HTML
    assert "Hot Head" in html
    for label in [
        "Personal attack or insult",
        "Harassment",
        "Hate or identity attack",
        "Threat",
        "Spam or advertising",
        "Off-topic",
        "Other",
    ]:
        assert f"> {label}</label>" in html
    assert 'type="radio" name="reason"' in html
    assert '<label for="id_details">' in html and 'name="details"' in html
    assert "Up to 500 characters." in html
    assert "csrfmiddlewaretoken" in html
    assert "maxlength" not in html  # the browser must not silently cut what is pasted in
    assert "private.person@example.com" not in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_first_visit_sets_a_long_lived_httponly_device_cookie(reader, heated_comment):
    response = reader.get(report_url(heated_comment))
    cookie = response.cookies[DEVICE_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert reader.get(report_url(heated_comment)).cookies.get(DEVICE_COOKIE) is None


def test_form_page_costs_a_bounded_number_of_queries(
    reader, heated_comment, django_assert_max_num_queries
):
    reader.get(report_url(heated_comment))
    with django_assert_max_num_queries(3):
        assert reader.get(report_url(heated_comment)).status_code == 200


def test_report_link_on_the_article_leads_to_the_form(reader, heated_comment, story):
    page = reader.get(story.get_absolute_url()).content.decode()
    assert f'href="{report_url(heated_comment)}"' in page


# --- filing a report ----------------------------------------------------------------------------


def test_report_is_saved_audited_and_thanked(reader, heated_comment, story):
    response = file_report(reader, heated_comment, reason="harassment", details="Third time today")
    assert response.status_code == 303
    assert response["Location"] == f"/comments/{heated_comment.pk}/report/thanks/"

    report = Report.objects.get()
    assert (report.comment, report.reason, report.details) == (
        heated_comment,
        "harassment",
        "Third time today",
    )
    assert len(report.reporter_key) == 32
    audit = AuditEntry.objects.get(action="report")
    assert audit.actor_kind == AuditEntry.ActorKind.READER
    assert audit.comment == heated_comment and audit.reason == "harassment"
    assert audit.details == {"report_id": report.pk}

    thanks = reader.get(response["Location"])
    assert thanks.status_code == 200
    assert "Thank you for your report" in thanks.content.decode()
    assert f'href="{story.get_absolute_url()}#comment-{heated_comment.pk}"' in (
        thanks.content.decode()
    )


def test_one_report_per_reader_per_comment(reader, bystander, heated_comment):
    assert file_report(reader, heated_comment).status_code == 303
    again = file_report(reader, heated_comment, reason="spam", details="and again")
    assert again.status_code == 409
    assert "You have already reported this comment." in again.content.decode()
    assert "and again" in again.content.decode()  # what they typed is still there
    assert Report.objects.count() == 1

    revisit = reader.get(report_url(heated_comment)).content.decode()
    assert "You have already reported this comment." in revisit
    assert 'name="reason"' not in revisit

    assert file_report(bystander, heated_comment).status_code == 303
    assert Report.objects.count() == 2


def test_a_signed_in_reader_is_one_reader_whichever_browser_they_use(heated_comment):
    user = User.objects.create_user("margo", password="not-used-here")
    laptop, phone = other_readers(2)
    laptop.force_login(user)
    phone.force_login(user)
    assert file_report(laptop, heated_comment).status_code == 303
    page = phone.get(report_url(heated_comment)).content.decode()
    assert "You have already reported this comment." in page
    assert 'name="reason"' not in page


def test_reporter_key_names_the_account_or_the_device_never_in_clear():
    factory = RequestFactory()
    signed_in = factory.get("/")
    signed_in.user = User(pk=41)
    cookie = f"{DEVICE_COOKIE}={device_cookie_value('D' * 32)}"
    anonymous = factory.get("/", HTTP_COOKIE=cookie)
    from django.contrib.auth.models import AnonymousUser

    anonymous.user = AnonymousUser()
    assert reporter_key_for(signed_in) != reporter_key_for(anonymous)
    assert reporter_key_for(anonymous) == reporter_key_for(factory.get("/", HTTP_COOKIE=cookie))
    assert "D" * 8 not in reporter_key_for(anonymous)


def test_the_comment_is_hidden_at_the_threshold_with_an_audit_entry(heated_comment):
    assert moderation_policy().report_hide_threshold == 4
    readers = other_readers(4)
    for client in readers[:3]:
        assert file_report(client, heated_comment).status_code == 303
    heated_comment.refresh_from_db()
    assert heated_comment.status == Comment.Status.PUBLISHED
    assert not AuditEntry.objects.filter(action="hidden_by_reports").exists()

    assert file_report(readers[3], heated_comment).status_code == 303
    heated_comment.refresh_from_db()
    assert heated_comment.status == Comment.Status.PENDING
    hidden = AuditEntry.objects.get(action="hidden_by_reports")
    assert (hidden.status_before, hidden.status_after) == ("published", "pending")
    assert hidden.actor_kind == AuditEntry.ActorKind.SYSTEM
    assert hidden.details == {"open_reports": 4, "independent": 4, "threshold": 4}

    # Hidden pending review: no longer reportable, and gone from the article.
    late = Client(enforce_csrf_checks=True)
    assert late.get(report_url(heated_comment)).status_code == 404


def test_fresh_cookie_jars_from_one_network_cannot_hide_a_comment(
    heated_comment, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    # The attack from the hardening issue: new cookie jars, one after another, one address.
    with django_capture_on_commit_callbacks(execute=True):
        for client in other_readers(6, network="203.0.113"):
            assert file_report(client, heated_comment).status_code == 303
    heated_comment.refresh_from_db()
    assert heated_comment.status == Comment.Status.PUBLISHED
    assert Report.objects.filter(comment=heated_comment).count() == 6
    assert len(run_tasks()) == 1
    assert len(mailoutbox) == 1  # the moderators hear of it once


def test_a_forged_device_cookie_is_not_another_reader(reader, heated_comment):
    assert file_report(reader, heated_comment).status_code == 303
    forger = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.50")
    forger.cookies[DEVICE_COOKIE] = "F" * 32  # an id of their choosing, unsigned
    assert file_report(forger, heated_comment).status_code == 303
    keys = set(Report.objects.values_list("reporter_key", flat=True))
    assert len(keys) == 2  # the forged id was replaced by a fresh one, not adopted


def test_reports_are_rate_limited_per_reader_and_per_network(settings, story):
    settings.REPORTS_PER_HOUR = 3
    settings.NETWORK_REPORTS_PER_HOUR = 5
    comments = [make_comment(story=story, body=f"Comment {n}") for n in range(8)]
    reader = Client(enforce_csrf_checks=True, REMOTE_ADDR="198.51.100.7")
    for comment in comments[:3]:
        assert file_report(reader, comment).status_code == 303
    refused = file_report(reader, comments[3])
    assert refused.status_code == 429
    assert "a lot of reports in the last hour" in refused.content.decode()
    # Others on the same network still have the network's loose allowance, then it stops too.
    neighbours = other_readers(3, network="198.51.100")
    assert file_report(neighbours[0], comments[4]).status_code == 303
    assert file_report(neighbours[1], comments[5]).status_code == 303
    assert file_report(neighbours[2], comments[6]).status_code == 429
    elsewhere = Client(enforce_csrf_checks=True, REMOTE_ADDR="192.0.2.9")
    assert file_report(elsewhere, comments[7]).status_code == 303


def test_a_threshold_of_zero_means_reports_never_hide(heated_comment):
    policy = moderation_policy()
    policy.report_hide_threshold = 0
    policy.save(update_fields=["report_hide_threshold"])
    for n in range(6):
        report_create(
            comment=heated_comment, reporter_key=f"r{n}", network_key=f"n{n}", reason="spam"
        )
    heated_comment.refresh_from_db()
    assert heated_comment.status == Comment.Status.PUBLISHED


def test_the_guidelines_say_what_reports_do(db):
    from townsquare.front.demo.data import GUIDELINES

    text = " ".join(GUIDELINES["body"].split())
    assert "A report does not remove a comment" in text
    assert "several readers" in text and "hidden until a moderator" in text


def test_threshold_comes_from_the_site_policy(heated_comment):
    policy = moderation_policy()
    policy.report_hide_threshold = 1
    policy.save(update_fields=["report_hide_threshold"])
    report_create(comment=heated_comment, reporter_key="k" * 32, reason="threat")
    heated_comment.refresh_from_db()
    assert heated_comment.status == Comment.Status.PENDING


def test_resolved_reports_do_not_count_towards_hiding_again(heated_comment):
    ModerationPolicy.objects.all().delete()
    for n in range(2):
        report_create(comment=heated_comment, reporter_key=f"old-{n}", reason="spam")
    Report.objects.update(resolved_at=timezone.now())  # a moderator reviewed and kept it
    report_create(comment=heated_comment, reporter_key="new-1", reason="spam")
    heated_comment.refresh_from_db()
    assert heated_comment.status == Comment.Status.PUBLISHED


def test_service_refuses_unknown_reasons_long_details_and_unpublished_comments(story):
    comment = make_comment(story=story)
    with pytest.raises(ReportRefused) as refused:
        report_create(comment=comment, reporter_key="k", reason="boring")
    assert refused.value.field == "reason"
    with pytest.raises(ReportRefused) as refused:
        report_create(comment=comment, reporter_key="k", reason="other", details="x" * 501)
    assert refused.value.field == "details"
    pending = make_comment(story=story, status=Comment.Status.PENDING)
    with pytest.raises(ReportRefused):
        report_create(comment=pending, reporter_key="k", reason="other")
    assert not Report.objects.exists()
    assert not AuditEntry.objects.exists()


# --- e-mail to the moderators -------------------------------------------------------------------


def test_a_reported_comment_mails_the_moderators_once_with_the_card_link(
    heated_comment, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    first_reader, second_reader, third_reader = other_readers(3)
    with django_capture_on_commit_callbacks(execute=True):
        file_report(first_reader, heated_comment, reason="hate", details="Targets a group")
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "townsquare.moderation.reporting.report_email_task"
    assert mailoutbox == [], "the reader's request only queues the mail"
    run_tasks()  # the count in the mail is the one when the worker sends it
    with django_capture_on_commit_callbacks(execute=True):
        file_report(second_reader, heated_comment, reason="threat")
        file_report(third_reader, heated_comment, reason="threat")
    run_tasks()

    # Further reports are tallied on the card, not mailed one by one.
    assert len(mailoutbox) == 1
    first = mailoutbox[0]
    assert first.to == ["desk@harbourcourier.example"]
    assert "Hate or identity attack" in first.subject
    assert f"https://news.example/moderate/comments/{heated_comment.pk}/" in first.body
    assert "Targets a group" in first.body
    assert "Open reports on this comment: 1" in first.body
    assert Report.objects.filter(comment=heated_comment).count() == 3


def test_no_mail_is_sent_when_the_report_is_refused(
    reader, heated_comment, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        file_report(reader, heated_comment)
    with django_capture_on_commit_callbacks(execute=True):
        file_report(reader, heated_comment)
    assert len(run_tasks()) == 1
    assert len(mailoutbox) == 1


def test_a_mail_server_failure_neither_loses_the_report_nor_shows_an_error(
    settings, reader, heated_comment, django_capture_on_commit_callbacks, run_tasks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    with django_capture_on_commit_callbacks(execute=True):
        response = file_report(reader, heated_comment)
    assert response.status_code == 303
    assert Report.objects.count() == 1
    (failed,) = run_tasks()
    assert failed.status == "FAILED"
    assert failed.exception_class_path == "builtins.ConnectionRefusedError"


def test_batching_queues_one_digest_per_window_and_the_task_sends_it(
    settings, story, mailoutbox, django_capture_on_commit_callbacks
):
    settings.REPORT_EMAIL_BATCH_MINUTES = 15
    first, second = make_comment(story=story), make_comment(story=story, body="Buy pills")
    # Windows are whole multiples of 15 minutes since the epoch: two reports a moment apart share
    # one unless an edge passes between them (the test once ran at 09:30:00), so start clear of it.
    to_the_edge = 15 * 60 - time.time() % (15 * 60)
    if to_the_edge < 5:
        time.sleep(to_the_edge + 0.1)
    with django_capture_on_commit_callbacks(execute=True):
        report_create(comment=first, reporter_key="reader-a", reason="off_topic")
        report_create(comment=second, reporter_key="reader-b", reason="spam")
    assert mailoutbox == []

    queued = DBTaskResult.objects.get()
    assert queued.task_path == "townsquare.moderation.reporting.report_digest_task"
    window_start = datetime.fromisoformat(queued.args_kwargs["kwargs"]["window_start"])
    assert window_start <= Report.objects.earliest("created_at").created_at
    assert queued.run_after >= window_start + timedelta(minutes=15)
    assert queued.run_after - timezone.now() <= timedelta(minutes=16)

    # Run the stored task the way the worker does, then again, as a duplicate would be.
    assert queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"]) == 2
    assert queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"]) == 0
    assert len(mailoutbox) == 1
    digest = mailoutbox[0]
    assert digest.to == ["desk@harbourcourier.example"]
    assert "2 comment reports" in digest.subject
    assert f"https://news.example/moderate/comments/{first.pk}/" in digest.body
    assert f"https://news.example/moderate/comments/{second.pk}/" in digest.body
    assert "Spam or advertising" in digest.body and "Off-topic" in digest.body


def test_digest_covers_only_its_own_window(settings, story, mailoutbox):
    settings.REPORT_EMAIL_BATCH_MINUTES = 10
    comment = make_comment(story=story)
    report = report_create(comment=comment, reporter_key="reader-a", reason="other")
    an_hour_ago = datetime(2020, 1, 1, 12, 0, tzinfo=UTC)
    Report.objects.filter(pk=report.pk).update(created_at=an_hour_ago)
    assert (
        report_digest_send(window_start=an_hour_ago + timedelta(minutes=10), window_minutes=10) == 0
    )
    assert report_digest_send(window_start=an_hour_ago, window_minutes=10) == 1
    assert len(mailoutbox) == 1


def test_with_a_task_backend_that_cannot_wait_each_report_is_mailed_at_once(
    settings, heated_comment, mailoutbox, django_capture_on_commit_callbacks
):
    settings.REPORT_EMAIL_BATCH_MINUTES = 15
    settings.TASKS = IMMEDIATE_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        report_create(comment=heated_comment, reporter_key="reader-a", reason="spam")
    assert len(mailoutbox) == 1
    assert "Spam or advertising" in mailoutbox[0].subject


# --- malformed input and unavailable comments ---------------------------------------------------


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "", "details": "It was rude"}, "Choose a reason for your report."),
        ({"reason": "boring", "details": "It was rude"}, "Choose one of the reasons listed."),
        (
            {"reason": "other", "details": "It was rude" + "!" * 500},
            "Keep the details to 500 characters or fewer (this has 511).",
        ),
        ({"reason": "other", "details": "It was rude\x00"}, "Null characters are not allowed."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_keeps_what_was_typed(
    reader, heated_comment, data, message
):
    response = file_report(reader, heated_comment, **data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "It was rude" in html
    assert not Report.objects.exists()


def test_the_chosen_reason_stays_chosen_after_an_error(reader, heated_comment):
    html = file_report(reader, heated_comment, reason="threat", details="x" * 600).content.decode()
    checked = re.findall(r'<input type="radio"[^>]*\bchecked\b[^>]*>', html)
    assert len(checked) == 1 and 'value="threat"' in checked[0]
    assert "x" * 600 in html


def test_line_breaks_count_once_as_the_counter_shows(reader, heated_comment):
    details = "line\r\n" * 83 + "end"  # 83 × 5 + 3 = 418 characters, 501 bytes with CRLF
    assert file_report(reader, heated_comment, reason="other", details=details).status_code == 303


def test_a_post_that_is_not_a_form_gets_400_not_500(reader, heated_comment):
    reader.get(report_url(heated_comment))
    token = reader.cookies["csrftoken"].value
    response = reader.post(
        report_url(heated_comment),
        data=b'{"reason": ["spam"]}',
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 400
    assert "Choose a reason for your report." in response.content.decode()


def test_other_methods_are_refused(bystander, heated_comment):
    assert bystander.put(report_url(heated_comment)).status_code == 405


def test_a_report_without_a_csrf_token_is_refused(reader, heated_comment):
    response = reader.post(report_url(heated_comment), {"reason": "spam"})
    assert response.status_code == 403
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "status", [Comment.Status.PENDING, Comment.Status.REMOVED, Comment.Status.DELETED]
)
def test_comments_readers_cannot_see_cannot_be_reported(reader, story, status):
    comment = make_comment(story=story, status=status)
    response = reader.get(report_url(comment))
    assert response.status_code == 404
    assert "This comment is not available" in response.content.decode()
    assert reader.post(report_url(comment), {"reason": "spam"}).status_code in (403, 404)


@pytest.mark.postgres
def test_unknown_huge_and_unpublished_story_comments_are_404(reader):
    draft = make_story(published_at=None)
    hidden_story_comment = make_comment(story=draft)
    for url in [
        "/comments/999999/report/",
        f"/comments/{10**30}/report/",
        report_url(hidden_story_comment),
        "/comments/999999/report/thanks/",
    ]:
        assert reader.get(url).status_code == 404, url


# --- raw IP retention ---------------------------------------------------------------------------


def _comment_with_ip(story, *, age_days: float, ip: str = "198.51.100.23") -> Comment:
    comment = make_comment(story=story)
    Comment.objects.filter(pk=comment.pk).update(
        raw_ip=ip, ip_hash="kept-hash", created_at=timezone.now() - timedelta(days=age_days)
    )
    return comment


def test_raw_ips_older_than_the_retention_are_erased_and_the_hash_kept(settings, story):
    settings.IP_RETENTION_DAYS = 30
    old = _comment_with_ip(story, age_days=31)
    recent = _comment_with_ip(story, age_days=29)
    updated_before = Comment.objects.get(pk=old.pk).updated_at

    assert raw_ips_expire() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.raw_ip is None and old.ip_hash == "kept-hash"
    assert old.updated_at == updated_before  # erasing an address is not an edit
    assert recent.raw_ip == "198.51.100.23"
    assert raw_ips_expire() == 0
    assert raw_ips_expire(now=timezone.now() + timedelta(days=2)) == 1


def test_expire_ips_command_and_task_call_the_same_service(settings, story, capsys):
    settings.IP_RETENTION_DAYS = 7
    _comment_with_ip(story, age_days=8)
    _comment_with_ip(story, age_days=9, ip="2001:db8::5")
    call_command("expire_ips")
    assert "Erased the raw IP address of 2 comments older than 7 days." in capsys.readouterr().out
    assert not Comment.objects.filter(raw_ip__isnull=False).exists()

    settings.TASKS = IMMEDIATE_TASKS
    _comment_with_ip(story, age_days=10)
    result = raw_ips_expire_task.enqueue()
    assert result.return_value == 1
    assert not Comment.objects.filter(raw_ip__isnull=False).exists()


def test_the_moderators_mail_speaks_the_reported_sites_language(story, mailoutbox):
    """One report: the language of its comment's site. A digest spanning sites of several
    languages: the installation's (MODERATION_EMAIL serves every site)."""
    from tests.factories import make_site
    from townsquare.moderation.reporting import report_email_send

    french = make_story(site=make_site(language="fr"), headline="Le port ferme")
    report = report_create(
        comment=make_comment(story=french, author_name="Ada"), reporter_key="a", reason="spam"
    )
    report_email_send(report_id=report.pk)
    (mail,) = mailoutbox
    assert mail.subject == "[The Harbour Courier] Commentaire signalé : Spam ou publicité"
    assert mail.body.startswith("Un lecteur a signalé un commentaire.\n\n")
    assert "Commentaire de Ada sur « Le port ferme » :" in mail.body
    assert "Signalements en cours sur ce commentaire : 1" in mail.body

    report_create(comment=make_comment(story=story), reporter_key="b", reason="spam")
    start = timezone.now() - timedelta(hours=1)
    assert report_digest_send(window_start=start, window_minutes=120) == 2
    digest = mailoutbox[-1]
    assert "2 comment reports" in digest.subject
    assert "Readers made 2 reports between" in digest.body
    assert "Commentaire" not in digest.body
