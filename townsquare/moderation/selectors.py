"""Read-side queries for moderation."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
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
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone

from townsquare.comments.models import Comment, Commenter
from townsquare.moderation.models import (
    AuditEntry,
    ModerationPolicy,
    NudgeEvent,
    Report,
    Sanction,
    SanctionMark,
    WordRule,
)
from townsquare.moderation.permissions import is_moderator
from townsquare.stories.models import Story

# Rejection reasons that mean "this broke the civility rule", as opposed to spam or off-topic.
# A site model learns only from these, so it learns civility rather than topicality.
INCIVILITY_REASONS = frozenset(
    {"incivility", "personal_attack", "harassment", "hate", "threat", "obscene"}
)


def civility_learning_examples(*, limit: int | None = None) -> list[tuple[str, int]]:
    """The site's own moderation decisions as (text, label) pairs for ``civility learn``.

    Label 0: comments that are published (approved by the pipeline or a moderator).
    Label 1: comments a moderator rejected or removed for incivility.
    """
    uncivil = Comment.objects.filter(
        status__in=[Comment.Status.REJECTED, Comment.Status.REMOVED],
        rejection_reason__in=INCIVILITY_REASONS,
    ).order_by("-id")
    civil = Comment.objects.filter(status=Comment.Status.PUBLISHED).order_by("-id")
    if limit is not None:
        uncivil, civil = uncivil[:limit], civil[:limit]
    examples = [(body, 1) for body in uncivil.values_list("body", flat=True)]
    examples += [(body, 0) for body in civil.values_list("body", flat=True)]
    return examples


def moderation_policy() -> ModerationPolicy:
    """The site's policy row, created from settings defaults the first time it is needed."""
    policy = ModerationPolicy.objects.order_by("pk").first()
    if policy is None:
        policy, _ = ModerationPolicy.objects.get_or_create(
            pk=1,
            defaults={
                "nudge_threshold": settings.CIVILITY_NUDGE_THRESHOLD,
                "hold_threshold": settings.CIVILITY_HOLD_THRESHOLD,
                "reject_threshold": settings.CIVILITY_REJECT_THRESHOLD,
                "max_links": settings.MODERATION_MAX_LINKS,
                "premoderate_all": settings.PREMODERATE_ALL,
                "premoderate_new_below": settings.PREMODERATE_NEW_BELOW,
                "report_hide_threshold": settings.REPORT_HIDE_THRESHOLD,
                "notify_rejections": settings.NOTIFY_REJECTIONS,
            },
        )
    return policy


def _in_force(now: datetime) -> Q:
    return Q(lifted_at__isnull=True) & (Q(ends_at__isnull=True) | Q(ends_at__gt=now))


def sanctions_in_force(*, commenter: Commenter) -> QuerySet[Sanction]:
    """Sanctions on this commenter that have not ended or been lifted, newest first."""
    return Sanction.objects.filter(_in_force(timezone.now()), commenter=commenter).order_by(
        "-created_at"
    )


def blocking_among(sanctions: Iterable[Sanction]) -> Sanction | None:
    """Of sanctions in force, the one that stops posting: a ban, else the suspension ending last."""
    blocking = [s for s in sanctions if s.kind in (Sanction.Kind.BAN, Sanction.Kind.SUSPENSION)]
    if not blocking:
        return None
    return max(
        blocking,
        key=lambda s: (
            s.kind == Sanction.Kind.BAN,
            s.ends_at.timestamp() if s.ends_at else float("inf"),
        ),
    )


def unacknowledged_warning_among(sanctions: Iterable[Sanction]) -> Sanction | None:
    """The newest warning in force that the commenter has not acknowledged yet."""
    warnings = [
        s for s in sanctions if s.kind == Sanction.Kind.WARNING and s.acknowledged_at is None
    ]
    return max(warnings, key=lambda s: s.created_at) if warnings else None


def blocking_sanction(*, commenter: Commenter) -> Sanction | None:
    """The ban or suspension that stops this commenter posting now, if any (bans first)."""
    return blocking_among(sanctions_in_force(commenter=commenter))


def unacknowledged_warning(*, commenter: Commenter) -> Sanction | None:
    return unacknowledged_warning_among(sanctions_in_force(commenter=commenter))


def evasion_sanction(
    *, ip_hash: str = "", device_id: str = "", exclude_commenter: int | None = None
) -> Sanction | None:
    """A ban or suspension in force on another commenter who used this IP hash or device."""
    marks = Q()
    if ip_hash:
        marks |= Q(marks__kind=SanctionMark.Kind.IP, marks__value=ip_hash)
    if device_id:
        marks |= Q(marks__kind=SanctionMark.Kind.DEVICE, marks__value=device_id)
    if not marks:
        return None
    sanctions = Sanction.objects.filter(_in_force(timezone.now()), marks).filter(
        kind__in=[Sanction.Kind.BAN, Sanction.Kind.SUSPENSION]
    )
    if exclude_commenter is not None:
        sanctions = sanctions.exclude(commenter_id=exclude_commenter)
    return sanctions.select_related("commenter").first()


def approved_comment_count(*, commenter: Commenter) -> int:
    return commenter.comments.filter(status=Comment.Status.PUBLISHED).count()


def word_rules() -> dict[str, list[str]]:
    """{"banned": [...], "suspect": [...]} phrases, cached briefly per process."""
    rules = cache.get(WORD_RULES_CACHE_KEY)
    if rules is None:
        rules = {kind: [] for kind in WordRule.Kind.values}
        for kind, phrase in WordRule.objects.values_list("kind", "phrase"):
            rules[kind].append(phrase)
        cache.set(WORD_RULES_CACHE_KEY, rules, 60)
    return rules


WORD_RULES_CACHE_KEY = "townsquare:word-rules"


# --- The moderators' queue --------------------------------------------------------------------
#
# A queue page costs the same number of queries whatever the page holds: one count and one page
# of comments (with story, commenter and parent joined), one query each for report tallies,
# report notes, audit entries, commenter tallies and sanctions, plus the tab counts.

# The attributes the civility model scores, in the order cards show them.
CIVILITY_ATTRIBUTES = ("toxicity", "insult", "identity_attack", "threat", "obscene")
QUEUE_PAGE_SIZE = 20
COMMENTER_PAGE_SIZE = 25
SEARCH_MAX_LENGTH = 200
REJECTION_RATE_DAYS = 30


class QueueTab(TextChoices):
    PENDING = "pending", "Pending"
    REPORTED = "reported", "Reported"
    REJECTED = "rejected", "Rejected"
    APPROVED = "approved", "Approved"
    ALL = "all", "All"


class QueueOrder(TextChoices):
    NEWEST = "newest", "Newest first"
    LIKELY = "likely", "Most likely to break the guidelines first"


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
        # Comment.civility_max is written with the scores, and indexed with status.
        return comments.order_by(F("civility_max").desc(nulls_last=True), "-created_at", "-id")
    return comments.order_by("-created_at", "-id")


def queue_counts(*, story_id: int | None = None, query: str = "") -> dict[str, int]:
    """{tab: number of comments} for the tabs, in one query."""
    comments = Comment.objects.all()
    if story_id is not None:
        comments = comments.filter(story_id=story_id)
    if query.strip():
        comments = comment_search(query=query, comments=comments)
    aggregates = {
        tab.value: Count("pk", filter=_tab_condition(tab)) if tab != QueueTab.ALL else Count("pk")
        for tab in QueueTab
    }
    return comments.aggregate(**aggregates)


@dataclass
class CommenterStats:
    published: int = 0
    rejected: int = 0
    recent_decided: int = 0
    recent_rejected: int = 0

    @property
    def rejection_rate(self) -> float | None:
        """Share of the last 30 days' decided comments that were rejected or removed."""
        if not self.recent_decided:
            return None
        return self.recent_rejected / self.recent_decided


_TAKEN_DOWN = [Comment.Status.REJECTED, Comment.Status.REMOVED, Comment.Status.SPAM]


def commenter_stats(*, commenter_ids: list[int]) -> dict[int, CommenterStats]:
    """Published and rejected tallies per commenter, and their 30-day rejection rate."""
    since = timezone.now() - timedelta(days=REJECTION_RATE_DAYS)
    recent = Q(created_at__gte=since)
    rows = (
        Comment.objects.filter(commenter_id__in=commenter_ids)
        .order_by()
        .values("commenter_id")
        .annotate(
            published=Count("pk", filter=Q(status=Comment.Status.PUBLISHED)),
            rejected=Count("pk", filter=Q(status__in=_TAKEN_DOWN)),
            recent_decided=Count(
                "pk",
                filter=recent & Q(status__in=[Comment.Status.PUBLISHED, *_TAKEN_DOWN]),
            ),
            recent_rejected=Count("pk", filter=recent & Q(status__in=_TAKEN_DOWN)),
        )
    )
    stats = {pk: CommenterStats() for pk in commenter_ids}
    for row in rows:
        commenter_id = row.pop("commenter_id")
        stats[commenter_id] = CommenterStats(**row)
    return stats


@dataclass
class QueueCard:
    """Everything a moderator needs to decide on one comment, gathered without extra queries."""

    comment: Comment
    commenter_stats: CommenterStats
    open_reports: int = 0
    report_reasons: list[tuple[str, int]] = field(default_factory=list)

    # Which actions the card offers comes from the services' own rules, so a button is never
    # shown for a change the service would refuse.
    @property
    def can_approve(self) -> bool:
        from townsquare.moderation.services import APPROVABLE

        return self.comment.status in APPROVABLE

    @property
    def can_dismiss_reports(self) -> bool:
        return self.comment.status == Comment.Status.PUBLISHED and self.open_reports > 0

    @property
    def takedown(self) -> str | None:
        """ "reject" for a held comment, "remove" for a published one, None otherwise."""
        from townsquare.moderation.services import REJECTABLE, REMOVABLE

        if self.comment.status in REMOVABLE:
            return "remove"
        if self.comment.status in REJECTABLE:
            return "reject"
        return None

    @property
    def can_feature(self) -> bool:
        return self.comment.status == Comment.Status.PUBLISHED

    @property
    def scores(self) -> list[tuple[str, float]]:
        scores = self.comment.civility_scores or {}
        return [
            (name.replace("_", " "), float(scores[name]))
            for name in CIVILITY_ATTRIBUTES
            if isinstance(scores.get(name), int | float)
        ]

    @property
    def max_score(self) -> float:
        return max((value for _, value in self.scores), default=0.0)

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
        from townsquare.lib.highlight import highlight_spans

        return highlight_spans(self.comment.body, self.spans)

    @property
    def markers(self) -> list[dict]:
        """The pipeline's markers, each with a readable ``label`` for its check."""
        return [
            {**marker, "label": str(marker.get("check", "")).replace("_", " ").capitalize()}
            for marker in (self.comment.markers or [])
            if isinstance(marker, dict)
        ]


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
    now = timezone.now()
    for commenter in commenters.values():
        for sanction in commenter.recent_sanctions:
            sanction.in_force = sanction.lifted_at is None and (
                sanction.ends_at is None or sanction.ends_at > now
            )
    return [
        QueueCard(
            comment=comment,
            commenter_stats=stats[comment.commenter_id],
            open_reports=sum(n for _, n in reasons[comment.pk]),
            report_reasons=reasons[comment.pk],
        )
        for comment in comments
    ]


def _card_queryset(comments: QuerySet[Comment]) -> QuerySet[Comment]:
    return comments.select_related("story", "commenter", "parent")


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


# --- Access-checked fetchers ------------------------------------------------------------------
#
# Views get moderation objects only through these: each checks the user's role before it looks
# anything up, so no view can forget the check.


def _moderator_required(user) -> None:
    if not is_moderator(user):
        raise PermissionDenied("Only moderators can do this.")


def comment_for_moderator(user, comment_id: int) -> Comment | None:
    """The comment, for a moderator; None when it does not exist. Raises PermissionDenied."""
    _moderator_required(user)
    return Comment.objects.select_related("story", "commenter").filter(pk=comment_id).first()


def comments_for_moderator(user, comment_ids: list[int]) -> list[Comment]:
    """The comments that exist among ``comment_ids``, for a moderator's bulk action."""
    _moderator_required(user)
    return list(
        Comment.objects.select_related("story", "commenter")
        .filter(pk__in=comment_ids)
        .order_by("pk")
    )


def commenter_for_moderator(user, commenter_id: int) -> Commenter | None:
    _moderator_required(user)
    return Commenter.objects.filter(pk=commenter_id).first()


def sanction_for_moderator(user, sanction_id: int) -> Sanction | None:
    _moderator_required(user)
    return Sanction.objects.select_related("commenter").filter(pk=sanction_id).first()


def warning_for_token(*, token: str) -> Sanction | None:
    """The warning a signed acknowledgement token stands for; None for a bad or stale token."""
    from townsquare.moderation.services import WARNING_TOKEN_SALT

    try:
        sanction_id = signing.loads(token, salt=WARNING_TOKEN_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(sanction_id, int):
        return None
    return (
        Sanction.objects.select_related("commenter")
        .filter(pk=sanction_id, kind=Sanction.Kind.WARNING)
        .first()
    )


# --- The commenter page -----------------------------------------------------------------------


@dataclass
class CommenterProfile:
    commenter: Commenter
    stats: CommenterStats
    sanctions: list[Sanction]
    comments: Page
    audit: Page


def commenter_profile(
    *, commenter: Commenter, page: int | str = 1, audit_page: int | str = 1
) -> CommenterProfile:
    """A commenter's record for moderators: tallies, sanctions, comments and audit trail."""
    comments = (
        Comment.objects.filter(commenter=commenter)
        .select_related("story")
        .order_by("-created_at", "-id")
    )
    audit = (
        AuditEntry.objects.filter(commenter=commenter)
        .select_related("actor", "comment")
        .order_by("-created_at", "-id")
    )
    sanctions = list(
        Sanction.objects.filter(commenter=commenter)
        .select_related("created_by", "lifted_by")
        .order_by("-created_at", "-id")[:50]
    )
    now = timezone.now()
    for sanction in sanctions:
        sanction.in_force = sanction.lifted_at is None and (
            sanction.ends_at is None or sanction.ends_at > now
        )
    return CommenterProfile(
        commenter=commenter,
        stats=commenter_stats(commenter_ids=[commenter.pk])[commenter.pk],
        sanctions=sanctions,
        comments=Paginator(comments, COMMENTER_PAGE_SIZE).get_page(page),
        audit=Paginator(audit, COMMENTER_PAGE_SIZE).get_page(audit_page),
    )
