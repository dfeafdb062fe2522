"""The import service: dry runs, scoring, the learner's view of imported history, search,
nesting depth, worker processes, and the audit entry."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.transfer.conftest import by_source_id, fixture, run_import
from townsquare.comments.models import Comment, Commenter
from townsquare.moderation.learning import decisions_as_examples
from townsquare.moderation.models import AuditEntry
from townsquare.moderation.queue import QueueOrder, QueueTab, comment_search, queue_queryset
from townsquare.stories.models import Story
from townsquare.transfer.models import ImportedRecord
from townsquare.transfer.scoring import imported_comments_score

pytestmark = pytest.mark.django_db


def test_a_dry_run_writes_nothing_and_reports_what_a_real_run_does():
    dry = run_import("wordpress", fixture("wordpress-1.2.xml"), dry_run=True)
    assert Comment.objects.count() == 0 and Story.objects.count() == 0
    assert Commenter.objects.count() == 0 and ImportedRecord.objects.count() == 0
    assert not AuditEntry.objects.exists()
    real = run_import("wordpress", fixture("wordpress-1.2.xml"))
    assert dry.comments_by_status == real.comments_by_status
    assert dry.skipped == real.skipped and dry.adjusted == real.adjusted
    assert dict(dry.comments_by_thread) == dict(real.comments_by_thread)


def test_dry_run_output_lists_statuses_threads_skips_and_adjustments():
    out = io.StringIO()
    call_command(
        "import", "disqus", str(fixture("disqus.xml")), "--dry-run", "--no-progress", stdout=out
    )
    text = out.getvalue()
    assert "(dry run: nothing was written)" in text
    assert "comments would import: 10" in text
    assert "  published: 8" in text and "  spam: 1" in text and "  deleted: 1" in text
    assert "per thread:" in text
    assert "  https://courier.example/2020/05/seawall: 6 (deleted 1, published 4, spam 1)" in text
    assert "every skipped record:" in text
    assert "  comment 9013: no usable date" in text
    assert "  thread 5004: page URL 'javascript:void(0)' is not an http(s) URL" in text
    assert Comment.objects.count() == 0


def test_a_real_run_prints_a_summary_and_every_record_only_when_verbose():
    quiet = io.StringIO()
    call_command("import", "disqus", str(fixture("disqus.xml")), "--no-progress", stdout=quiet)
    assert "comments imported: 10" in quiet.getvalue()
    assert "every skipped record" not in quiet.getvalue()
    assert "  empty comment: 1" in quiet.getvalue()


def test_imported_comments_are_found_by_the_moderators_search():
    run_import("disqus", fixture("disqus.xml"))
    assert by_source_id("disqus")["9001"] in comment_search(query="rebar seawall")


def test_replies_below_the_depth_limit_attach_beside_their_parent(settings, tmp_path):
    settings.COMMENTS_MAX_DEPTH = 2
    run_import("wordpress", fixture("wordpress-1.2.xml"))
    c = by_source_id("wordpress")
    # 103 answers 102 (depth 1, the deepest level): it sits beside it, saying whom it answers.
    assert c["103"].depth == 1 and c["103"].parent == c["101"] and c["103"].reply_to == c["102"]


def test_nothing_is_scored_unless_asked_and_score_orders_the_archive():
    run_import("disqus", fixture("disqus.xml"))
    assert not Comment.objects.exclude(civility_max=None).exists()
    scored = imported_comments_score(source="disqus", source_site="harbourcourier")
    c = by_source_id("disqus")
    assert scored == Comment.objects.exclude(body="").count()
    assert c["9005"].civility_max is not None and c["9005"].civility_model
    assert c["9005"].markers[-1]["check"] == "civility"
    assert c["9005"].status == Comment.Status.DELETED  # scoring decides nothing
    # Scores order the queue's "most likely first": the insult ranks above the seawall remark.
    pending = list(queue_queryset(tab=QueueTab.ALL, order=QueueOrder.LIKELY))
    assert pending.index(c["9005"]) < pending.index(c["9001"])
    assert imported_comments_score(source="disqus", source_site="harbourcourier") == 0


def test_the_score_option_of_the_command():
    out = io.StringIO()
    call_command(
        "import", "disqus", str(fixture("disqus.xml")), "--score", "--no-progress", stdout=out
    )
    assert "scored with the civility model: 10 comments" in out.getvalue()


def test_imported_history_feeds_the_learner_as_documented():
    run_import("disqus", fixture("disqus.xml"))
    examples = dict(decisions_as_examples())
    c = by_source_id("disqus")
    # By default: published comments are civil examples; spam and deletions teach nothing.
    assert examples[c["9001"].body] == 0
    assert c["9005"].body not in examples and c["9004"].body not in examples


def test_deleted_reason_makes_old_removals_uncivil_examples():
    run_import("disqus", fixture("disqus.xml"), deleted_reason="incivility")
    c = by_source_id("disqus")
    assert c["9005"].status == Comment.Status.REMOVED
    assert c["9005"].rejection_reason == "incivility"
    assert dict(decisions_as_examples())[c["9005"].body] == 1


def test_spam_reason_makes_old_spam_rejections():
    run_import("disqus", fixture("disqus.xml"), spam_reason="off_topic")
    c = by_source_id("disqus")["9004"]
    assert c.status == Comment.Status.REJECTED and c.rejection_reason == "off_topic"


def test_worker_processes_prepare_exactly_what_the_importing_process_does(settings):
    settings.COMMENTS_MAX_LENGTH = 100  # travels to the workers with the job, not via settings
    inline = run_import("wordpress", fixture("wordpress-1.2.xml"), dry_run=True, workers=0)
    pooled = run_import("wordpress", fixture("wordpress-1.2.xml"), dry_run=True, workers=2)
    assert pooled.comments_by_status == inline.comments_by_status
    # Workers hand results back in file order; a skip found by the parser may be listed earlier.
    assert sorted(pooled.skipped) == sorted(inline.skipped)
    assert pooled.adjusted == inline.adjusted
    assert any("COMMENTS_MAX_LENGTH" in reason for _, _, reason in inline.skipped)


def test_each_import_is_audited_without_personal_data():
    run_import("disqus", fixture("disqus.xml"))
    entry = AuditEntry.objects.get(action="import")
    assert entry.actor_kind == AuditEntry.ActorKind.SYSTEM
    assert entry.details["comments"]["published"] == 8
    assert "@" not in str(entry.details) + entry.reason


def test_an_unknown_site_or_missing_file_is_a_clear_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no site"):
        call_command("import", "disqus", str(fixture("disqus.xml")), "--site", "nope")
    with pytest.raises(CommandError, match="no such file"):
        call_command("import", "disqus", str(tmp_path / "missing.xml"), "--no-progress")
    with pytest.raises(CommandError, match=r"line \d+, column \d+\); nothing was imported"):
        call_command("import", "wordpress", str(fixture("bomb.xml")), "--no-progress")


def test_thread_counters_are_kept_for_imported_comments():
    run_import("disqus", fixture("disqus.xml"))
    c = by_source_id("disqus")
    seawall = c["9001"].story
    seawall.refresh_from_db()
    published = Comment.objects.filter(story=seawall, status=Comment.Status.PUBLISHED)
    assert seawall.comment_count == published.count() == 4
    assert seawall.thread_version > 0
    top = Comment.objects.get(pk=c["9001"].pk)
    assert top.reply_count == 2  # 9002 and 9003, both published, under 9001
    assert Comment.objects.get(pk=c["9005"].pk).reply_count == 1  # the tombstone's reply
