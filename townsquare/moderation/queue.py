"""The moderators' queue: tabs and their counts, search, order, and the cards."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    TextChoices,
    Value,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language_info, gettext, gettext_noop

from townsquare.civility import ATTRIBUTES as CIVILITY_ATTRIBUTES
from townsquare.civility import SCORED_LANGUAGES
from townsquare.comments.models import Comment, CommentRevision
from townsquare.lib.highlight import highlight_spans
from townsquare.moderation.commenters import CommenterStats, commenter_stats
from townsquare.moderation.models import (
    AuditEntry,
    NudgeEvent,
    Report,
    Sanction,
)
from townsquare.moderation.policy import SitePolicy, policy_for_site
from townsquare.moderation.rules import (
    APPROVABLE,
    REJECTABLE,
    REMOVABLE,
)
from townsquare.stories.models import Story

# --- The moderators' queue --------------------------------------------------------------------
#
# A queue page costs the same number of queries whatever the page holds: one count and one page
# of comments (with story, commenter and parent joined), one query each for report tallies,
# report notes, audit entries, commenter tallies and sanctions, plus the tab counts.

# The attributes the civility model scores, in the order cards show them.
QUEUE_PAGE_SIZE = 20
SEARCH_MAX_LENGTH = 200


# "Most likely to break the guidelines first": Comment.civility_max is written with the scores;
# unscored comments (-1) last. The index comment_queue_likely has exactly this shape.
LIKELY_ORDER = (
    Coalesce(F("civility_max"), Value(-1.0)).desc(),
    F("created_at").desc(),
    F("id").desc(),
)


class QueueTab(TextChoices):
    PENDING = "pending", gettext_noop("Pending")
    REPORTED = "reported", gettext_noop("Reported")
    REJECTED = "rejected", gettext_noop("Rejected")
    APPROVED = "approved", gettext_noop("Approved")
    ALL = "all", gettext_noop("All")


class QueueOrder(TextChoices):
    NEWEST = "newest", gettext_noop("Newest first")
    LIKELY = "likely", gettext_noop("Most likely to break the guidelines first")


def _open_reports() -> Exists:
    return Exists(Report.objects.filter(comment=OuterRef("pk"), resolved_at__isnull=True))


def _tab_condition(tab: str) -> Q:
    if tab == QueueTab.PENDING:
        return Q(status=Comment.Status.PENDING)
    if tab == QueueTab.REPORTED:
        return Q(_open_reports(), status__in=[Comment.Status.PUBLISHED, Comment.Status.PENDING])
    if tab == QueueTab.REJECTED:
        return Q(status__in=[Comment.Status.REJECTED, Comment.Status.REMOVED, Comment.Status.SPAM])
    if tab == QueueTab.APPROVED:
        return Q(status=Comment.Status.PUBLISHED)
    return Q()


# Must stay the expression migration 0002 indexes, or PostgreSQL scans every comment.
POSTGRES_SEARCH_VECTOR = (
    "(to_tsvector('english'::regconfig, comments_comment.body) "
    "|| to_tsvector('simple'::regconfig, comments_comment.author_name))"
)


def _search_terms(query: str) -> list[str]:
    return re.findall(r"\w+", query[:SEARCH_MAX_LENGTH])


def comment_search(*, query: str, comments: QuerySet[Comment] | None = None) -> QuerySet[Comment]:
    """Comments whose text or author name matches ``query``, all words required.

    SQLite answers from the FTS5 table that migration 0002 keeps in step; PostgreSQL from its
    full-text operators over an indexed ``to_tsvector``. Both stem English words, so "harbours"
    finds "harbour". Any text is safe to pass: punctuation and search-syntax characters are
    dropped rather than interpreted, and a query with no words matches nothing.
    """
    comments = Comment.objects.all() if comments is None else comments
    terms = _search_terms(query)
    if not terms:
        return comments.none()
    if connection.vendor == "postgresql":
        matches = RawSQL(
            f"{POSTGRES_SEARCH_VECTOR} @@ plainto_tsquery('english'::regconfig, %s)",
            [" ".join(terms)],
            output_field=BooleanField(),
        )
        return comments.filter(matches)
    if connection.vendor == "sqlite":
        # Each word quoted, so FTS5 reads it as text and never as its query syntax.
        fts_query = " ".join(f'"{term}"' for term in terms)
        return comments.filter(
            pk__in=RawSQL(
                "SELECT rowid FROM moderation_comment_fts WHERE moderation_comment_fts MATCH %s",
                [fts_query],
            )
        )
    condition = Q()
    for term in terms:
        condition &= Q(body__icontains=term) | Q(author_name__icontains=term)
    return comments.filter(condition)


def queue_queryset(
    *, tab: str, story_id: int | None = None, query: str = "", order: str = QueueOrder.NEWEST
) -> QuerySet[Comment]:
    """The comments of one queue tab, filtered and ordered, not yet paginated."""
    comments = Comment.objects.filter(_tab_condition(tab))
    if story_id is not None:
        comments = comments.filter(story_id=story_id)
    if query.strip():
        comments = comment_search(query=query, comments=comments)
    if order == QueueOrder.LIKELY:
        return comments.order_by(*LIKELY_ORDER)
    return comments.order_by("-created_at", "-id")


# Tab counts stop counting here: "10,000+" tells a moderator as much as 213,448 does, and a count
# that stops costs at most this many index entries instead of a scan of every comment.
COUNT_CAP = 10_000


@dataclass(frozen=True)
class TabCount:
    n: int
    capped: bool = False

    def __str__(self) -> str:
        return f"{self.n:,}+" if self.capped else str(self.n)


def _capped_count(queryset: QuerySet) -> TabCount:
    n = queryset.order_by()[: COUNT_CAP + 1].count()
    return TabCount(n=min(n, COUNT_CAP), capped=n > COUNT_CAP)


def queue_counts(*, story_id: int | None = None, query: str = "") -> dict[str, TabCount]:
    """{tab: how many comments} for the tabs, each from an index and stopping at ``COUNT_CAP``.

    One bounded query per tab: the status tabs read the (status, …) indexes, the Reported tab
    the index of unresolved reports; none scans every comment.
    """
    comments = Comment.objects.all()
    if story_id is not None:
        comments = comments.filter(story_id=story_id)
    if query.strip():
        comments = comment_search(query=query, comments=comments)
    counts = {}
    for tab in QueueTab:
        if tab == QueueTab.REPORTED and not query.strip():
            # From the unresolved reports (a partial index), not from every comment.
            reported = Report.objects.filter(
                resolved_at__isnull=True,
                comment__status__in=[Comment.Status.PUBLISHED, Comment.Status.PENDING],
            )
            if story_id is not None:
                reported = reported.filter(comment__story_id=story_id)
            counts[tab.value] = _capped_count(reported.values("comment_id").distinct())
        else:
            counts[tab.value] = _capped_count(comments.filter(_tab_condition(tab)))
    return counts


@dataclass
class QueueCard:
    """Everything a moderator needs to decide on one comment, gathered without extra queries."""

    comment: Comment
    commenter_stats: CommenterStats
    open_reports: int = 0
    report_reasons: list[tuple[str, int]] = field(default_factory=list)
    policy: SitePolicy | None = None  # the thresholds the score levels are read against

    # Which actions the card offers comes from the services' own rules, so a button is never
    # shown for a change the service would refuse.
    @property
    def can_approve(self) -> bool:
        return self.comment.status in APPROVABLE

    @property
    def can_dismiss_reports(self) -> bool:
        return self.comment.status == Comment.Status.PUBLISHED and self.open_reports > 0

    @property
    def takedown(self) -> str | None:
        """ "reject" for a held comment, "remove" for a published one, None otherwise."""
        if self.comment.status in REMOVABLE:
            return "remove"
        if self.comment.status in REJECTABLE:
            return "reject"
        return None

    @property
    def can_feature(self) -> bool:
        return self.comment.status == Comment.Status.PUBLISHED

    @property
    def scores(self) -> list[tuple[str, float, str]]:
        """(attribute, score, level) per attribute; level is "high" at or above the policy's
        hold threshold, "mid" at or above its nudge threshold, "" below."""
        scores = self.comment.civility_scores or {}
        return [
            (name.replace("_", " "), value, self._level(value))
            for name in CIVILITY_ATTRIBUTES
            if isinstance(value := scores.get(name), int | float)
        ]

    def _level(self, value: float) -> str:
        if self.policy is None:
            return ""
        if value >= self.policy.hold_threshold:
            return "high"
        return "mid" if value >= self.policy.nudge_threshold else ""

    @property
    def max_score(self) -> float:
        return max((value for _, value, _ in self.scores), default=0.0)

    @property
    def spans(self) -> list[dict]:
        spans = (self.comment.civility_scores or {}).get("spans") or []
        return [
            span
            for span in spans
            if isinstance(span, dict)
            and isinstance(span.get("start"), int)
            and isinstance(span.get("end"), int)
        ]

    @property
    def highlighted_body(self):
        return highlight_spans(self.comment.body, self.spans)

    @property
    def unscored_language(self) -> str:
        """ "Spanish (es)" when the comment is in a language the civility model does not score
        (so it was not scored), "" otherwise."""
        code = self.comment.language
        if not code or code in SCORED_LANGUAGES:
            return ""
        try:
            return f"{get_language_info(code)['name']} ({code})"
        except KeyError:
            return code

    @property
    def markers(self) -> list[dict]:
        """The pipeline's markers, each with a readable ``label`` for its check and its action,
        in the moderator's language (the ``reason`` is the text stored with the comment)."""
        return [
            {
                **marker,
                "label": _check_label(str(marker.get("check", ""))),
                "action": _marker_action_label(marker.get("action")),
            }
            for marker in (self.comment.markers or [])
            if isinstance(marker, dict)
        ]


# The pipeline's checks (``moderation.pipeline``) as the card names them: in English the
# code's own words, so a check added without a label reads the same.
CHECK_LABELS = {
    "ban_evasion": gettext_noop("Ban evasion"),
    "banned_words": gettext_noop("Banned words"),
    "busy_connection": gettext_noop("Busy connection"),
    "civility": gettext_noop("Civility"),
    "civility_hold": gettext_noop("Civility hold"),
    "civility_nudge": gettext_noop("Civility nudge"),
    "civility_reject": gettext_noop("Civility reject"),
    "civility_unavailable": gettext_noop("Civility unavailable"),
    "duplicate": gettext_noop("Duplicate"),
    "not_accepted": gettext_noop("Not accepted"),
    "nudge_declined": gettext_noop("Nudge declined"),
    "premoderation_busy": gettext_noop("Premoderation busy"),
    "premoderation_commenter": gettext_noop("Premoderation commenter"),
    "premoderation_new_commenter": gettext_noop("Premoderation new commenter"),
    "premoderation_site": gettext_noop("Premoderation site"),
    "premoderation_story": gettext_noop("Premoderation story"),
    "rate_limit": gettext_noop("Rate limit"),
    "sanction": gettext_noop("Sanction"),
    "shared_address": gettext_noop("Shared address"),
    "spam_honeypot": gettext_noop("Spam honeypot"),
    "spam_too_fast": gettext_noop("Spam too fast"),
    "staff_author": gettext_noop("Staff author"),
    "story_closed": gettext_noop("Story closed"),
    "suspect_words": gettext_noop("Suspect words"),
    "too_many_links": gettext_noop("Too many links"),
    "unscored_language_hold": gettext_noop("Unscored language hold"),
    "unscored_language_publish": gettext_noop("Unscored language publish"),
    "unscored_language_story": gettext_noop("Unscored language story"),
    "warning_unacknowledged": gettext_noop("Warning unacknowledged"),
}
MARKER_ACTION_LABELS = {
    "publish": gettext_noop("publish"),
    "hold": gettext_noop("hold"),
    "reject": gettext_noop("reject"),
    "spam": gettext_noop("spam"),
    "nudge": gettext_noop("nudge"),
    "refuse": gettext_noop("refuse"),
}


def _check_label(check: str) -> str:
    """A check's name on the card; a check without a label (a newer one) from its code."""
    if check in CHECK_LABELS:
        return gettext(CHECK_LABELS[check])
    return check.replace("_", " ").capitalize()


def _marker_action_label(action) -> str:
    if not action:
        return ""
    return gettext(MARKER_ACTION_LABELS[action]) if action in MARKER_ACTION_LABELS else str(action)


def _cards_build(comments: list[Comment]) -> list[QueueCard]:
    """Cards for a page of comments (already joined to story, commenter and parent)."""
    ids = [c.pk for c in comments]
    prefetch_related_objects(
        comments,
        Prefetch(
            "reports",
            queryset=Report.objects.filter(resolved_at__isnull=True)
            .exclude(details="")
            .order_by("-created_at", "-id")[:3],
            to_attr="report_notes",
        ),
        Prefetch(
            "audit_entries",
            queryset=AuditEntry.objects.select_related("actor").order_by("-created_at", "-id")[:6],
            to_attr="recent_audit",
        ),
    )
    # An edited comment's earlier texts; only edited ones are asked about (most are not).
    edited = [c for c in comments if c.edited_at is not None]
    for comment in comments:
        comment.recent_revisions = []
    if edited:
        prefetch_related_objects(
            edited,
            Prefetch(
                "revisions",
                queryset=CommentRevision.objects.order_by("-created_at", "-id")[:5],
                to_attr="recent_revisions",
            ),
        )
    commenters = {c.commenter_id: c.commenter for c in comments}
    prefetch_related_objects(
        list(commenters.values()),
        Prefetch(
            "sanctions",
            queryset=Sanction.objects.order_by("-created_at", "-id")[:5],
            to_attr="recent_sanctions",
        ),
    )
    reasons: dict[int, list[tuple[str, int]]] = defaultdict(list)
    labels = dict(Report.Reason.choices)
    for row in (
        Report.objects.filter(comment_id__in=ids, resolved_at__isnull=True)
        .order_by()
        .values("comment_id", "reason")
        .annotate(n=Count("pk"))
        .order_by("comment_id", "-n", "reason")
    ):
        reasons[row["comment_id"]].append((labels.get(row["reason"], row["reason"]), row["n"]))
    stats = commenter_stats(commenter_ids=list(commenters))
    # Scores are read against the thresholds of each comment's own site (a page holds a few).
    sites = {c.story.site_id: c.story.site for c in comments}
    policies = {site_id: policy_for_site(site=site) for site_id, site in sites.items()}
    return [
        QueueCard(
            comment=comment,
            commenter_stats=stats[comment.commenter_id],
            open_reports=sum(n for _, n in reasons[comment.pk]),
            policy=policies[comment.story.site_id],
            report_reasons=reasons[comment.pk],
        )
        for comment in comments
    ]


def _card_queryset(comments: QuerySet[Comment]) -> QuerySet[Comment]:
    return comments.select_related("story__site", "commenter", "parent")


@dataclass
class QueuePage:
    cards: list[QueueCard]
    page: Page


def queue_comments(
    *,
    tab: str = QueueTab.PENDING,
    story_id: int | None = None,
    order: str = QueueOrder.NEWEST,
    query: str = "",
    page: int | str = 1,
) -> QueuePage:
    """One page of a queue tab as cards. Out-of-range or malformed pages give the nearest page."""
    comments = _card_queryset(queue_queryset(tab=tab, story_id=story_id, query=query, order=order))
    page_obj = Paginator(comments, QUEUE_PAGE_SIZE).get_page(page)
    return QueuePage(cards=_cards_build(list(page_obj.object_list)), page=page_obj)


def queue_card(*, comment: Comment) -> QueueCard:
    """A single card, as the queue shows it (for replacing one card after an action)."""
    comments = list(_card_queryset(Comment.objects.filter(pk=comment.pk)))
    return _cards_build(comments)[0]


def comment_in_tab(*, comment: Comment, tab: str) -> bool:
    return Comment.objects.filter(_tab_condition(tab), pk=comment.pk).exists()


def queue_story_choices(*, selected_id: int | None = None, limit: int = 100) -> list[Story]:
    """Recent stories for the queue's story filter, plus the one selected if it is older."""
    stories = list(Story.objects.order_by("-published_at", "-pk").only("pk", "headline")[:limit])
    if selected_id is not None and all(story.pk != selected_id for story in stories):
        stories += list(Story.objects.filter(pk=selected_id).only("pk", "headline"))
    return stories


def nudge_revise_rate(*, days: int = 30) -> float | None:
    """Share of nudged readers who revised rather than posting anyway, over the last ``days``.

    None when nobody was nudged, so the page can say so instead of showing 0%.
    """
    counts = NudgeEvent.objects.filter(
        created_at__gte=timezone.now() - timedelta(days=days)
    ).aggregate(
        revised=Count("pk", filter=Q(outcome=NudgeEvent.Outcome.REVISED)),
        posted=Count("pk", filter=Q(outcome=NudgeEvent.Outcome.POSTED_ANYWAY)),
    )
    decided = counts["revised"] + counts["posted"]
    return counts["revised"] / decided if decided else None
