from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from tests.factories import make_comment, make_story
from townsquare.comments.models import Comment, Commenter
from townsquare.comments.services import CommentInvalid, CommentRefused, commenter_get_or_create
from townsquare.moderation.posting import comment_submit

pytestmark = pytest.mark.django_db


def submit(story, **fields):
    defaults = {"author_name": "Ada Reader", "email": "ada@example.com", "body": "Well put."}
    return comment_submit(story=story, **{**defaults, **fields})


def test_submit_publishes_on_an_open_story(story, terms):
    result = submit(story, body="The *dredging* vote was close.")
    comment = result.comment
    assert result.published
    assert comment.status == Comment.Status.PUBLISHED
    assert comment.body_html == "<p>The <em>dredging</em> vote was close.</p>"
    assert comment.terms_version == terms
    assert comment.terms_accepted_at is not None


def test_submit_records_the_terms_version_the_reader_saw(story, terms):
    from tests.factories import make_terms

    newer = make_terms()
    comment = submit(story, terms_version_id=terms.pk).comment
    assert comment.terms_version == terms != newer


def test_commenter_is_keyed_by_normalised_email(story):
    first = submit(story, email="Ada@Example.COM ", author_name="Ada").comment
    second = submit(story, email="ada@example.com", author_name="Ada L.").comment
    assert first.commenter_id == second.commenter_id
    # An address is a claim: a later comment never renames the commenter; each keeps its name.
    assert Commenter.objects.get().display_name == "Ada"
    assert (first.author_name, second.author_name) == ("Ada", "Ada L.")
    # Each comment keeps the name typed on it.
    assert [first.author_name, second.author_name] == ["Ada", "Ada L."]


def test_closed_story_refuses_with_a_clear_message(db):
    closed = make_story(comments_open=False)
    with pytest.raises(CommentRefused, match="Comments are closed"):
        submit(closed)
    assert not Comment.objects.exists()


def test_premoderated_story_holds_the_comment(db):
    story = make_story(premoderate=True)
    comment = submit(story).comment
    assert comment.status == Comment.Status.PENDING
    assert comment.markers[-1]["check"] == "premoderation_story"


def test_staff_author_publishes_even_on_a_premoderated_story(db):
    story = make_story(premoderate=True)
    editor = User.objects.create_user("editor", is_staff=True)
    comment = submit(story, user=editor).comment
    assert comment.status == Comment.Status.PUBLISHED
    assert comment.markers[0]["check"] == "staff_author"


def test_empty_and_overlong_bodies_are_refused(story, settings):
    with pytest.raises(CommentRefused) as empty:
        submit(story, body="   ")
    assert empty.value.field == "comment"
    with pytest.raises(CommentRefused, match="at most 5000"):
        submit(story, body="x" * 5001)


def test_reply_nests_under_its_parent(story):
    top = submit(story).comment
    reply = submit(story, parent_id=top.pk, body="I disagree.").comment
    assert (reply.parent, reply.root, reply.depth, reply.reply_to) == (top, top, 1, top)


def test_reply_at_max_depth_attaches_at_that_depth_and_remembers_whom_it_answers(story, settings):
    settings.COMMENTS_MAX_DEPTH = 3
    chain = [make_comment(story=story, author_name="Level 1")]
    for level in (2, 3):
        chain.append(make_comment(story=story, parent=chain[-1], author_name=f"Level {level}"))
    assert chain[-1].depth == 2  # the deepest level allowed when the maximum is three levels
    reply = submit(story, parent_id=chain[-1].pk).comment
    assert reply.depth == 2
    assert reply.parent == chain[1]
    assert reply.reply_to == chain[-1]
    assert reply.root == chain[0]


@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.REMOVED])
def test_cannot_reply_to_a_comment_that_is_not_public(story, status):
    hidden = make_comment(story=story, status=status)
    with pytest.raises(CommentRefused) as refusal:
        submit(story, parent_id=hidden.pk)
    # Not a field error: the parent is a hidden field the reader cannot correct.
    assert refusal.value.field is None and refusal.value.code == "parent_missing"
    assert "new comment" in refusal.value.message


def test_cannot_reply_across_stories(story):
    elsewhere = make_comment(story=make_story())
    with pytest.raises(CommentRefused):
        submit(story, parent_id=elsewhere.pk)


def test_rejection_notice_names_banned_words_but_never_model_scores(story):
    from townsquare.moderation.models import ModerationPolicy, WordRule
    from townsquare.moderation.policy import moderation_policy

    assert submit(story, email="calm@example.com", body="Fair point.").rejection_notice == ""
    WordRule.objects.create(kind=WordRule.Kind.BANNED, phrase="dimwit")
    banned = submit(story, body="What a dimwit plan.")
    assert banned.comment.status == Comment.Status.REJECTED
    assert "dimwit" in banned.rejection_notice

    policy = moderation_policy()
    ModerationPolicy.objects.filter(pk=policy.pk).update(
        nudge_threshold=0.0, hold_threshold=0.0, reject_threshold=0.0
    )
    scored = submit(story, email="other@example.com", body="A perfectly calm remark.")
    assert scored.comment.status == Comment.Status.REJECTED
    assert "breaks our community guidelines" in scored.rejection_notice
    assert "0." not in scored.rejection_notice and "threshold" not in scored.rejection_notice


# --- The same rules for every interface ---------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("url", "javascript:alert(document.cookie)", "full web address"),
        ("url", "data:text/html,<script>alert(1)</script>", "full web address"),
        ("url", "ftp://files.example.org/", "full web address"),
        ("url", "https://example.org/" + "a" * 400, "at most 300 characters"),
        ("email", "not-an-address", "doesn't look like an email address"),
        ("email", "", "Please enter your email address"),
        ("author_name", "N" * 101, "under 100 characters"),
        ("author_name", "   ", "Please enter your name."),
        ("body", "x" * 5001, "at most 5000 characters"),
    ],
)
def test_submit_refuses_what_the_form_refuses(story, settings, field, value, message):
    settings.COMMENTS_MAX_LENGTH = 5000
    fields = {"author_name": "Ada", "email": "ada@example.com", "body": "Fine.", field: value}
    with pytest.raises(CommentInvalid) as refused:
        comment_submit(
            story=story,
            **{k: v for k, v in fields.items() if k != "url"},
            url=fields.get("url", ""),
        )
    form_field = {"author_name": "author", "body": "comment"}.get(field, field)
    assert message in refused.value.errors[form_field]
    assert not Comment.objects.exists()


def test_comment_create_applies_the_same_rules_when_called_directly(story):
    from tests.factories import make_commenter
    from townsquare.comments.services import comment_create

    commenter = make_commenter()
    with pytest.raises(CommentInvalid) as refused:
        comment_create(
            story=story,
            commenter=commenter,
            author_name="Ada",
            url="javascript:alert(1)",
            body="Hello",
            status=Comment.Status.PUBLISHED,
        )
    assert set(refused.value.errors) == {"url"}
    with pytest.raises(CommentInvalid):
        commenter_get_or_create(email="nobody", display_name="X")
    assert not Comment.objects.exists()


def test_a_bare_domain_becomes_an_https_address_and_control_characters_are_dropped(story):
    comment = submit(story, url="harbour.example.org", author_name="Ada\u202e Lovelace").comment
    assert comment.author_url == "https://harbour.example.org"
    assert comment.author_name == "Ada Lovelace"


def test_a_stored_unsafe_address_is_never_linked(bystander, story):
    comment = make_comment(story=story)
    Comment.objects.filter(pk=comment.pk).update(author_url="javascript:alert(1)")
    html = bystander.get(story.get_absolute_url()).content.decode()
    assert "javascript:" not in html


@pytest.mark.postgres
def test_the_migration_blanks_unsafe_addresses_written_before_the_rules(story):
    import importlib

    from django.apps import apps

    comment = make_comment(story=story)
    kept = make_comment(story=story)
    Comment.objects.filter(pk=comment.pk).update(author_url="javascript:alert(1)")
    Comment.objects.filter(pk=kept.pk).update(author_url="https://ok.example")
    migration = importlib.import_module(
        "townsquare.comments.migrations.0005_blank_unsafe_author_urls"
    )
    migration.blank_unsafe_urls(apps, None)
    assert Comment.objects.get(pk=comment.pk).author_url == ""
    assert Comment.objects.get(pk=kept.pk).author_url == "https://ok.example"


# --- Counters the read path reads instead of counting -------------------------------------------


def test_story_and_reply_counters_follow_every_status_change(story):
    from townsquare.moderation.policy import moderation_policy
    from townsquare.moderation.reporting import report_create
    from townsquare.moderation.services import comment_approve, comment_feature, comment_remove

    def counts():
        story.refresh_from_db()
        top.refresh_from_db()
        return story.comment_count, top.reply_count

    top = make_comment(story=story)
    reply = make_comment(story=story, parent=top)
    held = make_comment(story=story, parent=top, status=Comment.Status.PENDING)
    assert counts() == (2, 1)
    version = story.thread_version
    comment_approve(comment=held, actor=None)
    assert counts() == (3, 2)
    comment_remove(comment=reply, reason="incivility", actor=None)
    assert counts() == (2, 1)
    comment_feature(comment=top, actor=None, reason="Well argued")
    assert counts() == (2, 1) and story.thread_version > version
    policy = moderation_policy()
    policy.report_hide_threshold = 1
    policy.save(update_fields=["report_hide_threshold"])
    report_create(comment=held, reporter_key="r", network_key="n", reason="spam")
    assert counts() == (1, 0)


def test_a_change_readers_never_see_does_not_bump_the_thread(story):
    from townsquare.moderation.services import comment_reject

    held = make_comment(story=story, status=Comment.Status.PENDING)
    story.refresh_from_db()
    version = story.thread_version
    comment_reject(comment=held, reason="spam", actor=None)
    story.refresh_from_db()
    assert story.thread_version == version and story.comment_count == 0


@pytest.mark.postgres
def test_the_backfill_migration_counts_existing_comments(story):
    import importlib

    from django.apps import apps

    top = make_comment(story=story)
    make_comment(story=story, parent=top)
    make_comment(story=story, status=Comment.Status.REJECTED)
    Comment.objects.update(reply_count=0)
    type(story).objects.update(comment_count=0)
    migration = importlib.import_module(
        "townsquare.comments.migrations.0007_backfill_thread_counters"
    )
    migration.backfill(apps, None)
    story.refresh_from_db()
    top.refresh_from_db()
    assert (story.comment_count, top.reply_count) == (2, 1)


@pytest.mark.postgres
def test_the_civility_max_backfill_fills_rows_scored_before_the_column(story):
    import importlib

    from django.apps import apps

    scored = make_comment(story=story)
    unscored = make_comment(story=story)
    Comment.objects.filter(pk=scored.pk).update(
        civility_scores={"toxicity": 0.2, "insult": 0.81, "spans": []}, civility_max=None
    )
    migration = importlib.import_module("townsquare.comments.migrations.0009_backfill_civility_max")
    migration.backfill(apps, None)
    assert Comment.objects.get(pk=scored.pk).civility_max == 0.81
    assert Comment.objects.get(pk=unscored.pk).civility_max is None
