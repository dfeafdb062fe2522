"""Moderators' decisions: each action, its audit entry, its e-mail, and double clicks."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core import signing
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories import make_comment, make_commenter
from townsquare.comments.models import Comment
from townsquare.moderation.models import AuditEntry, Report, Sanction, SanctionMark
from townsquare.moderation.policy import moderation_policy
from townsquare.moderation.sanctions import (
    blocking_sanction,
    evasion_matches,
    unacknowledged_warning,
    warning_ack_url,
    warning_for_token,
)
from townsquare.moderation.services import (
    ModerationError,
    ban_commenter,
    comment_approve,
    comment_feature,
    comment_reject,
    comment_remove,
    comment_unfeature,
    commenter_premoderate,
    commenter_suspend,
    commenter_warn,
    comments_bulk_approve,
    comments_bulk_reject,
    sanction_lift,
    warning_acknowledge,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(db) -> User:
    """Mo, who works the queue."""
    user = User.objects.create_user("mo", password="not-used-here")
    user.groups.add(Group.objects.get_or_create(name="Moderator")[0])
    return user


@pytest.fixture
def troll(db):
    """A commenter who keeps breaking the guidelines, from two networks and one browser."""
    return make_commenter(email="troll@example.com", name="Grim Troll")


@pytest.fixture
def held(story, troll) -> Comment:
    return make_comment(story=story, commenter=troll, status=Comment.Status.PENDING, body="Idiot.")


def notify_rejections(on: bool) -> None:
    policy = moderation_policy()
    policy.notify_rejections = on
    policy.save(update_fields=["notify_rejections"])


def report(comment: Comment, key: str, reason: str = Report.Reason.PERSONAL_ATTACK) -> Report:
    return Report.objects.create(comment=comment, reporter_key=key, reason=reason)


# --- approve ----------------------------------------------------------------------------------


def test_approve_publishes_a_held_comment_and_audits_it(held, moderator):
    report(held, "r1")
    assert comment_approve(comment=held, actor=moderator) is True

    held.refresh_from_db()
    assert held.status == Comment.Status.PUBLISHED
    assert held.moderated_at is not None
    assert Report.objects.get().resolved_at is not None
    entry = AuditEntry.objects.get(comment=held)
    assert (entry.action, entry.actor, entry.actor_kind) == ("approve", moderator, "moderator")
    assert (entry.status_before, entry.status_after) == ("pending", "published")
    assert entry.commenter == held.commenter


def test_second_moderator_approving_the_same_comment_does_nothing(held, moderator):
    other_view = Comment.objects.get(pk=held.pk)  # loaded before the first click landed
    assert comment_approve(comment=held, actor=moderator) is True
    assert comment_approve(comment=other_view, actor=moderator) is False
    assert AuditEntry.objects.filter(action="approve").count() == 1


def test_approve_acts_only_on_the_status_the_moderator_saw(held, moderator):
    # Bea saw it pending; Mo rejected it meanwhile. Bea's approve must not silently undo that.
    bea_saw = Comment.objects.get(pk=held.pk)
    comment_reject(comment=held, reason="incivility", actor=moderator)
    bea_saw.refresh_from_db()
    assert comment_approve(comment=bea_saw, actor=moderator, expected_status="pending") is False
    assert Comment.objects.get(pk=held.pk).status == Comment.Status.REJECTED


def test_approving_a_reported_published_comment_keeps_it_and_resolves_reports(story, moderator):
    comment = make_comment(story=story)
    report(comment, "r1")
    report(comment, "r2", Report.Reason.SPAM)
    assert comment_approve(comment=comment, actor=moderator) is True
    assert Report.objects.filter(resolved_at__isnull=True).count() == 0
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PUBLISHED
    entry = AuditEntry.objects.get()
    assert entry.details == {"reports_resolved": 2}
    # Nothing left to decide: a second click is a no-op.
    assert comment_approve(comment=comment, actor=moderator) is False


def test_approve_leaves_author_deleted_comments_alone(story, moderator):
    comment = make_comment(story=story, status=Comment.Status.DELETED)
    assert comment_approve(comment=comment, actor=moderator) is False
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.DELETED


# --- reject and remove ------------------------------------------------------------------------


def test_reject_keeps_the_comment_with_its_reason(held, moderator, mailoutbox):
    report(held, "r1")
    assert comment_reject(comment=held, reason="personal_attack", actor=moderator) is True
    held.refresh_from_db()
    assert held.status == Comment.Status.REJECTED
    assert held.rejection_reason == "personal_attack"
    assert Comment.objects.filter(pk=held.pk).exists(), "moderation never deletes"
    assert Report.objects.get().resolved_at is not None
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.reason, entry.status_after) == (
        "reject",
        "personal_attack",
        "rejected",
    )
    assert mailoutbox == [], "the site does not notify rejections by default"


def test_reject_emails_the_author_after_commit_when_the_site_says_so(
    held, moderator, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    notify_rejections(True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        comment_reject(comment=held, reason="personal_attack", actor=moderator)
    assert not DBTaskResult.objects.exists(), "nothing is queued before the decision is committed"
    for callback in callbacks:
        callback()
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "townsquare.moderation.tasks.rejection_notice_task"
    assert queued.args_kwargs["kwargs"] == {"comment_id": held.pk, "reason": "personal_attack"}
    assert mailoutbox == [], "the worker sends it, not the moderator's request"
    (ran,) = run_tasks()
    assert (ran.status, ran.return_value) == ("SUCCESSFUL", True)
    (mail,) = mailoutbox
    assert mail.to == ["troll@example.com"]
    assert "was not published" in mail.subject
    assert "A personal attack on another person" in mail.body
    assert "http://127.0.0.1:8000/guidelines/" in mail.body or "/guidelines/" in mail.body


def test_a_rolled_back_reject_sends_nothing(
    held, moderator, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    from django.db import transaction

    notify_rejections(True)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                comment_reject(comment=held, reason="incivility", actor=moderator)
                raise RuntimeError("something later in the request failed")
        except RuntimeError:
            pass
    assert run_tasks() == [] and mailoutbox == []
    assert Comment.objects.get(pk=held.pk).status == Comment.Status.PENDING


def test_reject_refuses_a_reason_not_on_the_list(held, moderator):
    with pytest.raises(ModerationError):
        comment_reject(comment=held, reason="because", actor=moderator)
    assert Comment.objects.get(pk=held.pk).status == Comment.Status.PENDING


def test_remove_takes_down_a_published_comment_leaving_a_tombstone(story, moderator):
    parent = make_comment(story=story, body="Original point.")
    reply = make_comment(story=story, parent=parent, body="A reply.")
    assert comment_remove(comment=parent, reason="hate", actor=moderator) is True
    parent.refresh_from_db()
    assert parent.status == Comment.Status.REMOVED
    assert parent.rejection_reason == "hate"
    assert Comment.objects.get(pk=reply.pk).parent_id == parent.pk
    # Remove is for published comments only; a held one is rejected instead.
    held = make_comment(story=story, status=Comment.Status.PENDING)
    assert comment_remove(comment=held, reason="hate", actor=moderator) is False


def test_removal_notice_says_removed(
    story, moderator, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    notify_rejections(True)
    comment = make_comment(story=story)
    with django_capture_on_commit_callbacks(execute=True):
        comment_remove(comment=comment, reason="spam", actor=moderator)
    run_tasks()
    assert "was removed" in mailoutbox[0].subject


def test_no_notice_when_the_comment_is_approved_or_deleted_before_the_task_runs(
    story, moderator, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    notify_rejections(True)
    reconsidered = make_comment(story=story, status=Comment.Status.PENDING)
    vanished = make_comment(story=story, status=Comment.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        comment_reject(comment=reconsidered, reason="spam", actor=moderator)
        comment_reject(comment=vanished, reason="spam", actor=moderator)
    comment_approve(comment=reconsidered, actor=moderator)
    vanished.delete()
    results = run_tasks()
    assert [(r.status, r.return_value) for r in results] == [("SUCCESSFUL", False)] * 2
    assert mailoutbox == []


# --- feature ----------------------------------------------------------------------------------


def test_feature_and_unfeature_a_published_comment(story, moderator):
    comment = make_comment(story=story)
    reason = "A first-hand account from a nurse on the ward"
    assert comment_feature(comment=comment, actor=moderator, reason=reason) is True
    assert comment_feature(comment=comment, actor=moderator, reason=reason) is False
    assert Comment.objects.get(pk=comment.pk).featured is True
    assert Comment.objects.get(pk=comment.pk).featured_reason == reason
    assert comment_unfeature(comment=comment, actor=moderator) is True
    assert Comment.objects.get(pk=comment.pk).featured is False
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "feature",
        "unfeature",
    ]


def test_removing_a_featured_comment_withdraws_the_pick(story, moderator):
    from townsquare.comments.public import comment_public, thread_public

    comment = make_comment(story=story)
    reply = make_comment(story=story, parent=comment)  # keeps a tombstone in the thread
    comment_feature(comment=comment, actor=moderator, reason="A first-hand account")
    assert comment_remove(comment=comment, actor=moderator, reason="incivility") is True
    stored = Comment.objects.get(pk=comment.pk)
    assert (stored.status, stored.featured, stored.featured_reason) == ("removed", False, "")
    entry = AuditEntry.objects.filter(action="remove").get()
    assert entry.details.get("unfeatured") is True
    public = comment_public(stored)
    assert (public["featured"], public["featured_reason"]) == (False, "")
    thread = thread_public(story=story)
    assert thread["featured"] == []
    assert [c["featured"] for c in thread["comments"]] == [False]
    assert reply.pk in [r["id"] for r in thread["comments"][0]["replies"]]
    # Approving it again does not feature it again: a pick is made afresh.
    assert comment_approve(comment=stored, actor=moderator) is True
    assert Comment.objects.get(pk=comment.pk).featured is False


def test_a_rejected_comment_is_no_longer_featured(story, moderator):
    comment = make_comment(story=story)
    comment_feature(comment=comment, actor=moderator, reason="Worth reading")
    # Reports hid it pending review; the moderator then rejects it.
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.PENDING)
    comment.refresh_from_db()
    assert comment_reject(comment=comment, actor=moderator, reason="incivility") is True
    assert Comment.objects.get(pk=comment.pk).featured is False


def test_a_removed_row_still_marked_featured_is_not_shown_as_featured(story):
    from townsquare.comments.public import comment_public

    comment = make_comment(story=story)
    Comment.objects.filter(pk=comment.pk).update(
        status=Comment.Status.REMOVED, featured=True, featured_reason="From before the fix"
    )
    stored = Comment.objects.get(pk=comment.pk)
    assert stored.is_featured is False
    assert (comment_public(stored)["featured"], comment_public(stored)["featured_reason"]) == (
        False,
        "",
    )


def test_a_held_comment_cannot_be_featured(held, moderator):
    assert comment_feature(comment=held, actor=moderator, reason="Worth reading") is False


# --- bulk -------------------------------------------------------------------------------------


def test_bulk_approve_counts_only_what_changed(story, moderator):
    held = [make_comment(story=story, status=Comment.Status.PENDING) for _ in range(3)]
    already = make_comment(story=story)
    assert comments_bulk_approve(comments=[*held, already], actor=moderator) == 3
    assert Comment.objects.filter(status=Comment.Status.PUBLISHED).count() == 4


def test_bulk_reject_rejects_held_and_removes_published(story, moderator):
    held = make_comment(story=story, status=Comment.Status.PENDING)
    live = make_comment(story=story)
    assert comments_bulk_reject(comments=[held, live], reason="spam", actor=moderator) == 2
    assert Comment.objects.get(pk=held.pk).status == Comment.Status.REJECTED
    assert Comment.objects.get(pk=live.pk).status == Comment.Status.REMOVED
    assert AuditEntry.objects.count() == 2


def test_bulk_has_a_limit(story, moderator):
    comment = make_comment(story=story, status=Comment.Status.PENDING)
    with pytest.raises(ModerationError):
        comments_bulk_approve(comments=[comment] * 101, actor=moderator)


# --- sanctions --------------------------------------------------------------------------------


def used_from(comment: Comment, *, ip: str = "", device: str = "", days_ago: int = 0) -> None:
    Comment.objects.filter(pk=comment.pk).update(
        ip_hash=ip, device_id=device, created_at=timezone.now() - timedelta(days=days_ago)
    )


@pytest.mark.postgres
def test_ban_remembers_the_ips_and_devices_of_the_last_90_days(story, troll, moderator):
    for ip, device, days in [
        ("ip-home", "dev-1", 1),
        ("ip-work", "dev-1", 10),
        ("ip-home", "", 20),
        ("ip-old", "dev-old", 120),
    ]:
        used_from(make_comment(story=story, commenter=troll), ip=ip, device=device, days_ago=days)
    other = make_comment(story=story)
    used_from(other, ip="ip-bystander", device="dev-bystander")

    outcome = ban_commenter(commenter=troll, reason="Repeated personal attacks", actor=moderator)

    assert outcome.created
    marks = set(SanctionMark.objects.values_list("kind", "value"))
    assert marks == {("ip", "ip-home"), ("ip", "ip-work"), ("device", "dev-1")}
    assert blocking_sanction(commenter=troll) == outcome.sanction
    # The pipeline's evasion check now recognises the troll's browser under a new name.
    assert evasion_matches(device_id="dev-1") == {"device": outcome.sanction}
    assert evasion_matches(ip_hash="ip-bystander", device_id="dev-bystander") == {}
    entry = AuditEntry.objects.get(action="ban")
    assert entry.commenter == troll
    assert entry.details["marks"] == 3


def test_ban_emails_the_commenter_with_reason_and_guidelines(
    troll, moderator, mailoutbox, django_capture_on_commit_callbacks, settings, run_tasks
):
    settings.SITE_URL = "https://news.example"
    with django_capture_on_commit_callbacks(execute=True):
        ban = ban_commenter(
            commenter=troll, reason="Threats against another reader", actor=moderator
        ).sanction
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "townsquare.moderation.tasks.sanction_notice_task"
    assert queued.args_kwargs["kwargs"] == {"sanction_id": ban.pk}
    assert mailoutbox == []
    run_tasks()
    (mail,) = mailoutbox
    assert mail.to == ["troll@example.com"]
    assert "no longer comment" in mail.subject
    assert "Threats against another reader" in mail.body
    assert "https://news.example/guidelines/" in mail.body


def test_banning_twice_keeps_one_ban_and_sends_one_email(
    troll, moderator, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = ban_commenter(commenter=troll, reason="Spam", actor=moderator)
        second = ban_commenter(commenter=troll, reason="Spam", actor=moderator)
    run_tasks()
    assert first.created and not second.created
    assert second.sanction == first.sanction
    assert Sanction.objects.count() == 1
    assert len(mailoutbox) == 1


def test_ban_from_a_card_also_rejects_that_comment_without_a_second_email(
    held, troll, moderator, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    notify_rejections(True)
    with django_capture_on_commit_callbacks(execute=True):
        ban_commenter(
            commenter=troll,
            reason="Abuse",
            actor=moderator,
            comment=held,
            comment_reason="incivility",
        )
    held.refresh_from_db()
    assert (held.status, held.rejection_reason) == (Comment.Status.REJECTED, "incivility")
    run_tasks()
    assert [m.subject for m in mailoutbox] == ["You can no longer comment on The Harbour Courier"]


def test_no_notice_when_the_ban_is_lifted_before_the_task_runs(
    troll, moderator, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        ban = ban_commenter(commenter=troll, reason="Wrong person", actor=moderator).sanction
    sanction_lift(sanction=ban, actor=moderator, reason="Mistaken identity")
    (result,) = run_tasks()
    assert (result.status, result.return_value) == ("SUCCESSFUL", False)
    assert mailoutbox == []


def test_ban_refuses_a_comment_by_someone_else(held, moderator):
    innocent = make_commenter(email="innocent@example.com")
    with pytest.raises(ModerationError):
        ban_commenter(
            commenter=innocent, reason="x", actor=moderator, comment=held, comment_reason="spam"
        )
    assert Sanction.objects.count() == 0


def test_ban_needs_a_reason(troll, moderator):
    with pytest.raises(ModerationError):
        ban_commenter(commenter=troll, reason="  ", actor=moderator)


def test_suspend_ends_after_its_duration(
    troll, moderator, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = commenter_suspend(
            commenter=troll, duration=timedelta(hours=24), reason="Cool off", actor=moderator
        )
    run_tasks()
    sanction = outcome.sanction
    assert sanction.kind == Sanction.Kind.SUSPENSION
    expected = timezone.now() + timedelta(hours=24)
    assert abs((sanction.ends_at - expected).total_seconds()) < 60
    assert blocking_sanction(commenter=troll) == sanction
    assert "suspended" in mailoutbox[0].body
    Sanction.objects.filter(pk=sanction.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    assert blocking_sanction(commenter=troll) is None


def test_a_longer_suspension_replaces_nothing_but_a_double_click_is_ignored(troll, moderator):
    first = commenter_suspend(
        commenter=troll, duration=timedelta(hours=1), reason="x", actor=moderator
    )
    again = commenter_suspend(
        commenter=troll, duration=timedelta(hours=1), reason="x", actor=moderator
    )
    longer = commenter_suspend(
        commenter=troll, duration=timedelta(days=7), reason="x", actor=moderator
    )
    assert first.created and not again.created and longer.created


@pytest.mark.parametrize("duration", [timedelta(0), timedelta(days=366), timedelta(hours=-1)])
def test_suspension_length_is_checked(troll, moderator, duration):
    with pytest.raises(ModerationError):
        commenter_suspend(commenter=troll, duration=duration, reason="x", actor=moderator)


def test_warning_emails_an_acknowledgement_link_that_clears_it(
    troll, moderator, mailoutbox, django_capture_on_commit_callbacks, settings, run_tasks
):
    settings.SITE_URL = "https://news.example"
    with django_capture_on_commit_callbacks(execute=True):
        sanction = commenter_warn(commenter=troll, reason="Tone it down", actor=moderator).sanction
    run_tasks()
    assert unacknowledged_warning(commenter=troll) == sanction
    (mail,) = mailoutbox
    assert "Tone it down" in mail.body
    # The link the mail carries (the token holds the time it was signed, so it is read from
    # the mail, not made again: a second may have passed) leads to this warning.
    prefix = "https://news.example" + warning_ack_url(sanction).rstrip("/").rsplit("/", 1)[0]
    found = re.search(re.escape(prefix) + r"/([^/\s]+)/", mail.body)
    assert found, mail.body
    assert warning_for_token(token=found.group(1)) == sanction
    assert warning_acknowledge(sanction=sanction) is True
    assert warning_acknowledge(sanction=sanction) is False
    assert unacknowledged_warning(commenter=troll) is None
    entry = AuditEntry.objects.get(action="warning_acknowledged")
    assert (entry.actor_kind, entry.actor) == ("reader", None)


def test_warning_tokens_cannot_be_forged(troll, moderator):
    sanction = commenter_warn(commenter=troll, reason="x", actor=moderator).sanction
    forged = signing.dumps(sanction.pk, salt="some other purpose")
    assert warning_for_token(token=forged) is None
    assert warning_for_token(token="not-a-token") is None
    ban = ban_commenter(commenter=troll, reason="x", actor=moderator).sanction
    assert warning_for_token(token=warning_ack_url(ban).split("/")[-2]) is None


def test_acknowledging_something_other_than_a_warning_is_refused(troll, moderator):
    ban = ban_commenter(commenter=troll, reason="x", actor=moderator).sanction
    with pytest.raises(ModerationError):
        warning_acknowledge(sanction=ban)


def test_premoderate_is_silent_and_remembered(troll, moderator, mailoutbox, story):
    used_from(make_comment(story=story, commenter=troll), ip="ip-a", device="dev-a")
    outcome = commenter_premoderate(commenter=troll, reason="New and noisy", actor=moderator)
    assert outcome.sanction.kind == Sanction.Kind.PREMODERATE
    assert outcome.sanction.marks.count() == 2
    assert mailoutbox == []
    assert not commenter_premoderate(commenter=troll, reason="again", actor=moderator).created


def test_lift_ends_a_sanction_once(troll, moderator):
    ban = ban_commenter(commenter=troll, reason="x", actor=moderator).sanction
    assert sanction_lift(sanction=ban, actor=moderator, reason="Appeal upheld") is True
    assert sanction_lift(sanction=ban, actor=moderator) is False
    ban.refresh_from_db()
    assert ban.lifted_by == moderator
    assert blocking_sanction(commenter=troll) is None
    entry = AuditEntry.objects.get(action="lift")
    assert entry.reason == "Appeal upheld"
    # After lifting, a new ban is a new sanction.
    assert ban_commenter(commenter=troll, reason="Again", actor=moderator).created


def test_sanction_emails_speak_the_language_of_the_site_the_commenter_wrote_on(
    troll, moderator, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    """A commenter belongs to no site: the e-mail takes the language of their newest comment's
    story (docs/translating.md), and the installation's when they have none."""
    from tests.factories import make_site, make_story

    with django_capture_on_commit_callbacks(execute=True):
        ban_commenter(commenter=troll, reason="Threats", actor=moderator)
    make_comment(story=make_story(site=make_site(language="de")), commenter=troll)
    with django_capture_on_commit_callbacks(execute=True):
        commenter_suspend(
            commenter=troll, duration=timedelta(hours=24), reason="Beleidigungen", actor=moderator
        )
    run_tasks()
    english, german = mailoutbox
    assert english.subject == "You can no longer comment on The Harbour Courier"
    assert german.subject.startswith("Sie können bis ")
    assert german.subject.endswith(" nicht auf The Harbour Courier kommentieren")
    assert "Die Moderation hat Sie bis " in german.body
    assert "Danach können Sie wieder kommentieren." in german.body
    assert "Grund: Beleidigungen" in german.body
    assert "Unsere Community-Richtlinien:" in german.body
