"""The policy pipeline every new comment goes through.

An ordered list of checks. Each check looks at a ``Candidate`` and either stays silent (returns
``None``) or fires a ``Marker``. A marker that *decides* ends the run with its action; markers that
don't decide are kept, so a published comment still records, say, a civility score that was
noted but under every threshold. The full list is stored on the comment so a moderator can see
why it is where it is. The order (docs/moderation.md describes it; tests pin it):

 1. staff or moderator author            → publish
 2. banned / suspended / unacknowledged warning → refuse
 3. story closed                          → refuse
 4. rate limit, duplicate                 → refuse (one reader); a busy address or network is
                                            only noted here, and holds new browsers at 9
 5. spam traps (honeypot, too fast)       → spam (kept for the record, bot sees success)
 6. banned words                          → reject
 7. language the civility model does not score → the site's rule: hold / publish unscored /
    hold and pre-moderate the story (such a comment is never scored);
    civility model                        → reject / hold / nudge (or a silent marker)
 8. suspect words, too many links         → hold
 9. pre-moderation (site, story, new commenter, always-premoderate, possible ban evasion, a new
    browser on a busy address or network) → hold
10. otherwise                             → publish
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language_info, gettext_noop, ngettext
from django.utils.translation import gettext as _

from townsquare import civility
from townsquare.civility.languages import Detection, language_detect
from townsquare.comments.models import Comment
from townsquare.comments.published_devices import published_device_key
from townsquare.lib.counters import MarkReader, mark_read, window_counts_reading
from townsquare.lib.text import count_links, find_phrases, normalise_whitespace
from townsquare.moderation.commenters import approved_comment_count
from townsquare.moderation.models import Sanction, SanctionMark
from townsquare.moderation.permissions import is_moderator
from townsquare.moderation.policy import SitePolicy, policy_for_site, word_rules
from townsquare.moderation.sanctions import (
    blocking_among,
    evasion_matches,
    sanctions_in_force,
    unacknowledged_warning_among,
)
from townsquare.sites.models import UnscoredLanguageRule


class Action(models.TextChoices):
    PUBLISH = "publish", "Publish"
    HOLD = "hold", "Hold for review"
    REJECT = "reject", "Reject"
    SPAM = "spam", "Discard as spam"
    NUDGE = "nudge", "Ask the author to reconsider"
    REFUSE = "refuse", "Refuse (nothing saved)"


@dataclass(frozen=True)
class Marker:
    check: str
    action: Action | None
    reason: str
    scores: dict[str, float] | None = None

    @property
    def decides(self) -> bool:
        return self.action is not None

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["action"] = str(self.action) if self.action else None
        return data


@dataclass
class CivilityResult:
    scores: dict[str, float]
    spans: list[dict[str, Any]]
    model_version: str

    @property
    def highest(self) -> float:
        return max(self.scores.values(), default=0.0)

    def as_json(self) -> dict[str, Any]:
        return {**self.scores, "spans": self.spans}


@dataclass
class Candidate:
    """What the checks may look at: the comment as submitted and who submitted it."""

    story: Any
    author_name: str
    email: str
    body: str
    parent: Any = None
    user: Any = None
    commenter: Any = None  # the existing Commenter for this address, or None for a newcomer
    ip_hash: str = ""
    network_hash: str = ""
    device_id: str = ""
    device_issued_at: int | None = None  # when we issued the device id (None: not known)
    verified_reader: bool = False  # signed in as the verified owner of ``email``
    # Signed in with the newsroom's account an administrator gave this story (readers app).
    story_author: bool = False
    honeypot: str = ""
    form_age_seconds: float | None = None  # None: not posted from our form (import, API)
    nudge_declined: bool = False  # the author saw a nudge and chose "post anyway", text unchanged
    # The address a verified reader session proved this browser owns ("" when none).
    verified_email: str = ""
    civility: CivilityResult | None = None
    language: Detection | None = None  # set by check_language
    now: datetime = field(default_factory=timezone.now)
    busy: str = ""  # set by check_rate_limit: "" or why the address or network counts as busy
    # Answers the browser's published-comment mark (``comments.published_devices``), read with
    # the address's and network's counts when check 9 could need it (None: not read yet).
    published_mark: MarkReader | None = field(default=None, repr=False)
    _policy: Any = None
    _sanctions: list | None = None
    _word_rules: dict[str, list[str]] | None = None

    @property
    def policy(self):
        """The story's site's moderation policy (the site-wide one with the site's own values),
        read once per submission however many checks need it."""
        if self._policy is None:
            self._policy = policy_for_site(site=getattr(self.story, "site", None))
        return self._policy

    @property
    def word_rules(self) -> dict[str, list[str]]:
        """The banned and suspect phrases, read once (from the shared cache) per submission."""
        if self._word_rules is None:
            self._word_rules = word_rules()
        return self._word_rules

    @property
    def sanctions(self) -> list:
        """The commenter's sanctions in force, read once for every check that asks."""
        if self._sanctions is None:
            self._sanctions = (
                list(sanctions_in_force(commenter=self.commenter)) if self.commenter else []
            )
        return self._sanctions


@dataclass
class Decision:
    action: Action
    markers: list[Marker] = field(default_factory=list)

    @property
    def deciding_marker(self) -> Marker | None:
        return next((m for m in self.markers if m.decides), None)

    @property
    def staff_author(self) -> bool:
        """Published because staff wrote it (so no flood limit applies)."""
        marker = self.deciding_marker
        return marker is not None and marker.check == "staff_author"

    @property
    def message(self) -> str:
        marker = self.deciding_marker
        return marker.reason if marker else ""

    def markers_json(self) -> list[dict[str, Any]]:
        return [marker.as_json() for marker in self.markers]


Check = Callable[[Candidate], Marker | None]


def text_fingerprint(text: str) -> str:
    return hashlib.sha256(normalise_whitespace(text).casefold().encode()).hexdigest()


# 1 -----------------------------------------------------------------------------------------------
def check_staff_author(candidate: Candidate) -> Marker | None:
    user = candidate.user
    if user is not None and user.is_authenticated and (user.is_staff or is_moderator(user)):
        return Marker("staff_author", Action.PUBLISH, "Written by a member of staff.")
    if candidate.story_author:
        return Marker("staff_author", Action.PUBLISH, "Written by the story's reporter.")
    return None


# 2 -----------------------------------------------------------------------------------------------
NOT_ACCEPTED_MESSAGE = gettext_noop(
    "Your comment could not be posted. If our moderators have written to you, their e-mail "
    "explains why."
)


def check_sanctions(candidate: Candidate) -> Marker | None:
    if candidate.commenter is None:
        return None
    sanction = blocking_among(candidate.sanctions)
    warning = None if sanction else unacknowledged_warning_among(candidate.sanctions)
    if sanction is None and warning is None:
        return None
    if candidate.verified_email != candidate.commenter.email:
        # Anyone can type anyone's address, so whoever has not proved they own it gets one
        # neutral refusal for a ban, a suspension and a warning alike: the form must not tell a
        # stranger which addresses are sanctioned. The owner was told everything by e-mail.
        return Marker("not_accepted", Action.REFUSE, _(NOT_ACCEPTED_MESSAGE))
    if sanction is not None:
        # Even to its owner the page names no kind, reason or end date: those are in the e-mail.
        return Marker(
            "sanction",
            Action.REFUSE,
            _(
                "Comments from this email address are not being accepted at the moment. If our "
                "moderators have written to you, their e-mail explains why."
            ),
        )
    # The acknowledgement link goes only to the commenter's inbox, never onto the page.
    return Marker(
        "warning_unacknowledged",
        Action.REFUSE,
        _(
            "Our moderators sent you a warning by email. Please read it and follow its link to "
            "acknowledge it before you comment again."
        ),
    )


# 3 -----------------------------------------------------------------------------------------------
def check_story_closed(candidate: Candidate) -> Marker | None:
    if not candidate.story.accepting_comments():
        return Marker("story_closed", Action.REFUSE, _("Comments are closed on this story."))
    return None


# 4 -----------------------------------------------------------------------------------------------
#
# Limits on one reader are strict and refuse: they key on the commenter (the address typed) and
# the device (the browser's signed id, which we issue and posting requires, so rotating addresses
# from one browser meets the device's limit). Limits on an IP address and on a network (IPv4 /24,
# IPv6 /48) are loose and never refuse: everyone behind one office NAT or mobile carrier shares
# them, so when one is busy only *new* browsers' comments wait for a moderator (check 9) while
# established browsers and verified readers keep posting. The network degrades to
# pre-moderation, never to silence.


def _same_reader(candidate: Candidate) -> Q | None:
    same = Q(pk__in=[])
    if candidate.commenter is not None:
        same |= Q(commenter=candidate.commenter)
    if candidate.device_id:
        same |= Q(device_id=candidate.device_id)
    return same if (candidate.commenter is not None or candidate.device_id) else None


def _wait_seconds(until: datetime, now: datetime) -> int:
    return max(1, int((until - now).total_seconds()) + 1)


def reader_rate_limit(candidate: Candidate) -> Marker | None:
    """The limits on one reader (commenter or device): too fast, too many an hour, duplicate.

    Counted from the comments themselves, so ``posting`` checks them again under a lock on the
    reader inside the write (count and write as one step).
    """
    now = candidate.now
    hour_ago = now - timedelta(hours=1)
    same = _same_reader(candidate)
    if same is None:
        return None
    limit = settings.RATE_LIMIT_PER_HOUR
    # One query answers both limits: the newest (for the interval) and how many in the hour.
    in_hour = list(
        Comment.objects.filter(same, created_at__gte=hour_ago)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    interval = settings.RATE_LIMIT_SECONDS
    if in_hour and interval and (now - in_hour[0]).total_seconds() < interval:
        wait = _wait_seconds(in_hour[0] + timedelta(seconds=interval), now)
        return Marker(
            "rate_limit",
            Action.REFUSE,
            ngettext(
                "You're commenting faster than we allow. Try again in %(wait)d second.",
                "You're commenting faster than we allow. Try again in %(wait)d seconds.",
                wait,
            )
            % {"wait": wait},
        )
    if len(in_hour) >= limit:
        wait = _wait_seconds(in_hour[-1] + timedelta(hours=1), now)
        return Marker(
            "rate_limit",
            Action.REFUSE,
            ngettext(
                "You've reached the limit of %(limit)d comments an hour. Try again in %(wait)d "
                "second.",
                "You've reached the limit of %(limit)d comments an hour. Try again in %(wait)d "
                "seconds.",
                wait,
            )
            % {"limit": limit, "wait": wait},
        )
    if settings.DUPLICATE_WINDOW_SECONDS:
        window = now - timedelta(seconds=settings.DUPLICATE_WINDOW_SECONDS)
        fingerprint = text_fingerprint(candidate.body)
        bodies = (
            Comment.objects.filter(same, created_at__gte=window)
            .order_by("-created_at")
            .values_list("body", flat=True)[:50]
        )
        if any(text_fingerprint(body) == fingerprint for body in bodies):
            return Marker("duplicate", Action.REFUSE, _("You have already posted this comment."))
    return None


BUSY_WINDOW_SECONDS = 3600


def _busy_count(candidate: Candidate) -> Marker | None:
    """Count this comment on its IP address and its network, then say whether either is busy.

    Counted first, atomically, in the counters every process shares (``lib.counters``), so
    simultaneous posts each see the ones before them. Decides nothing: a busy note for the
    moderator, and ``candidate.busy`` (and the browser's published-comment mark) for check 9.
    """
    counted = [
        (name, value, limit, where)
        for name, value, limit, where in (
            ("address", candidate.ip_hash, settings.ADDRESS_RATE_LIMIT_PER_HOUR, "IP address"),
            ("network", candidate.network_hash, settings.NETWORK_RATE_LIMIT_PER_HOUR, "network"),
        )
        if value
    ]
    # Check 9 may ask whether the browser is established: its published-comment mark comes back
    # in this same round trip, so a busy network's post pays for no query of its own.
    mark = _published_mark_key(candidate)
    counts, marks = window_counts_reading(
        [f"townsquare:posts:{name}:{value}" for name, value, _, _ in counted],
        window=BUSY_WINDOW_SECONDS,
        marks=[mark] if mark else [],
    )
    if mark:
        candidate.published_mark = marks
    for (_name, _value, limit, where), count in zip(counted, counts, strict=True):
        if count > limit and not candidate.busy:
            candidate.busy = (
                f"{count} comments this hour from the commenter's {where}, more than its {limit}"
            )
    if candidate.busy:
        return Marker("busy_connection", None, f"Busy: {candidate.busy}.")
    return None


def check_rate_limit(candidate: Candidate) -> Marker | None:
    """The reader's own limits (refuse), then the address's and network's count (a note)."""
    return reader_rate_limit(candidate) or _busy_count(candidate)


# 5 -----------------------------------------------------------------------------------------------
def check_spam_traps(candidate: Candidate) -> Marker | None:
    if candidate.honeypot.strip():
        return Marker("spam_honeypot", Action.SPAM, "Filled in the field only robots can see.")
    age = candidate.form_age_seconds
    if age is not None and age < settings.SPAM_MIN_SECONDS:
        return Marker(
            "spam_too_fast",
            Action.SPAM,
            f"Submitted {age:.1f} s after the form was shown; a person needs longer.",
        )
    return None


# 6 -----------------------------------------------------------------------------------------------
def check_banned_words(candidate: Candidate) -> Marker | None:
    found = find_phrases(candidate.body, candidate.word_rules["banned"])
    if found:
        return Marker(
            "banned_words",
            Action.REJECT,
            "Contains language that our community guidelines don't allow: " + ", ".join(found),
        )
    return None


# 7 -----------------------------------------------------------------------------------------------
# The marker whose hold also turns the story's pre-moderation on (``posting`` does the write).
UNSCORED_LANGUAGE_STORY = "unscored_language_story"


def _site_language(site: Any) -> str:
    # A site with a language of its own (issue 25's interface languages) is read first; until
    # then every site is in the installation's LANGUAGE_CODE.
    return getattr(site, "language", "") or settings.LANGUAGE_CODE


def _language_name(code: str) -> str:
    try:
        return get_language_info(code)["name"]
    except KeyError:
        return code


def check_language(candidate: Candidate) -> Marker | None:
    """A comment in a language the civility model does not score meets the site's rule.

    The model learnt English: scoring, say, Spanish with it is noise either way. So such a
    comment is not scored (``check_civility`` skips it) and the site's
    ``unscored_language_rule`` decides: hold it, publish it unscored (the later checks still
    run), or hold it and pre-moderate its story. Texts too short to detect are taken to be in
    the site's language (``civility.languages``).
    """
    site = getattr(candidate.story, "site", None)
    detection = language_detect(candidate.body, default=_site_language(site))
    candidate.language = detection
    if detection.scored:
        return None
    name = _language_name(detection.language)
    if detection.assumed:
        found = f"Taken to be in {name} ({detection.language}), the site's language"
    else:
        found = f"Detected language: {name} ({detection.language}, {detection.confidence:.2f})"
    why = f"{found}; the civility model scores only English, so it was not scored."
    rule = getattr(site, "unscored_language_rule", UnscoredLanguageRule.HOLD)
    if rule == UnscoredLanguageRule.PUBLISH:
        return Marker("unscored_language_publish", None, f"{why} Published by the site's rule.")
    if rule == UnscoredLanguageRule.PREMODERATE_STORY:
        return Marker(
            UNSCORED_LANGUAGE_STORY,
            Action.HOLD,
            f"{why} Held for a moderator, and every later comment on the story too "
            "(the site's rule).",
        )
    return Marker("unscored_language_hold", Action.HOLD, f"{why} Held for a moderator.")


@dataclass(frozen=True)
class CivilityVerdict:
    """What a site's thresholds make of one comment's civility scores.

    ``action`` is REJECT, HOLD or NUDGE for the band the highest score falls in (None: under the
    nudge threshold); ``attribute`` and ``score`` name that highest score and ``threshold`` the
    band's lower edge. The hosted pipeline (``check_civility``) and the Coral moderation phase
    (``townsquare.coral.phase``) both decide from it, so a site's bands are one rule wherever
    its comments are written.
    """

    action: Action | None
    attribute: str
    score: float
    threshold: float | None
    scores: dict[str, float]

    @property
    def label(self) -> str:
        return self.attribute.replace("_", " ")

    @property
    def rounded_scores(self) -> dict[str, float]:
        return {name: round(value, 4) for name, value in self.scores.items()}

    @property
    def explanation(self) -> str:
        """The moderator's reading of the verdict, as the queue's card shows it."""
        if self.action is None:
            return f"Civility model: highest {self.label} {self.score:.2f}."
        band = {Action.REJECT: "reject", Action.HOLD: "hold", Action.NUDGE: "nudge"}[self.action]
        return (
            f"Civility model: {self.label} {self.score:.2f} ≥ {band} threshold "
            f"{self.threshold:.2f}."
        )


def civility_verdict(*, scores: dict[str, float], policy: SitePolicy) -> CivilityVerdict:
    """The band a comment with ``scores`` falls in under ``policy``.

    The highest of the attributes is compared with the reject, hold and nudge thresholds in that
    order; a score equal to a threshold is in its band.
    """
    top = max(scores.values(), default=0.0)
    attribute = max(scores, key=scores.get) if scores else "toxicity"
    bands = (
        (Action.REJECT, policy.reject_threshold),
        (Action.HOLD, policy.hold_threshold),
        (Action.NUDGE, policy.nudge_threshold),
    )
    for action, threshold in bands:
        if top >= threshold:
            return CivilityVerdict(action, attribute, top, threshold, dict(scores))
    return CivilityVerdict(None, attribute, top, None, dict(scores))


def check_civility(candidate: Candidate) -> Marker | None:
    if candidate.language is not None and not candidate.language.scored:
        return None  # not the model's language: check_language applied the site's rule
    if candidate.civility is None:
        try:
            candidate.civility = civility_assess(
                candidate.body, story_url=settings.SITE_URL + candidate.story.get_absolute_url()
            )
        except Exception as exc:  # noqa: BLE001 — any scorer failure must fail closed
            return Marker(
                "civility_unavailable",
                Action.HOLD,
                f"The civility scorer could not score this comment ({type(exc).__name__}); "
                "held for a person to read.",
            )
    verdict = civility_verdict(scores=candidate.civility.scores, policy=candidate.policy)
    scores = verdict.rounded_scores
    if verdict.action is Action.REJECT:
        return Marker("civility_reject", Action.REJECT, verdict.explanation, scores)
    if verdict.action is Action.HOLD:
        return Marker("civility_hold", Action.HOLD, verdict.explanation, scores)
    if verdict.action is Action.NUDGE:
        if candidate.nudge_declined:
            return Marker(
                "nudge_declined",
                Action.HOLD,
                f"Author was asked to reconsider ({verdict.label} {verdict.score:.2f}) and "
                "posted anyway.",
                scores,
            )
        return Marker(
            "civility_nudge",
            Action.NUDGE,
            _(
                "Your comment may break our community guidelines — no personal attacks. "
                "Would you like to revise it?"
            ),
            scores,
        )
    return Marker("civility", None, verdict.explanation, scores)


def civility_assess(body: str, *, story_url: str = "") -> CivilityResult:
    """Score one comment with the configured civility backend (townsquare.civility.score).

    The comment has no id yet (nothing is saved before the pipeline decides), so an external
    webhook gets the story's URL as context and a null id.
    """
    scored = civility.score([body], story_url=story_url)[0]
    return CivilityResult(
        scores={name: float(value) for name, value in scored.attributes().items()},
        spans=[span.as_dict() for span in scored.spans],
        model_version=scored.model,
    )


# 8 -----------------------------------------------------------------------------------------------
def check_suspect_words(candidate: Candidate) -> Marker | None:
    found = find_phrases(candidate.body, candidate.word_rules["suspect"])
    if found:
        return Marker(
            "suspect_words", Action.HOLD, "Contains words on the suspect list: " + ", ".join(found)
        )
    return None


def check_links(candidate: Candidate) -> Marker | None:
    limit = candidate.policy.max_links
    links = count_links(candidate.body)
    if links > limit:
        return Marker(
            "too_many_links", Action.HOLD, f"Contains {links} links; more than {limit} are held."
        )
    return None


# 9 -----------------------------------------------------------------------------------------------
def check_premoderation(candidate: Candidate) -> Marker | None:
    policy = candidate.policy
    if policy.premoderate_all:
        return Marker("premoderation_site", Action.HOLD, "Every comment is pre-moderated.")
    if candidate.story.premoderate:
        return Marker(
            "premoderation_story",
            Action.HOLD,
            "Every comment on this story is read by a moderator before it appears.",
        )
    commenter = candidate.commenter
    if policy.premoderate_new_below:
        approved = approved_comment_count(commenter=commenter) if commenter else 0
        if approved < policy.premoderate_new_below:
            return Marker(
                "premoderation_new_commenter",
                Action.HOLD,
                f"New commenter: {approved} approved comments, fewer than "
                f"{policy.premoderate_new_below}.",
            )
    if any(s.kind == Sanction.Kind.PREMODERATE for s in candidate.sanctions):
        return Marker("premoderation_commenter", Action.HOLD, "Commenter is always pre-moderated.")
    # Only the browser is evidence: an IP address is shared by everyone behind one office NAT or
    # mobile carrier, so a ban must not hold their comments. A shared address is noted for the
    # moderator (a silent marker) and decides nothing.
    others = None if commenter is None else commenter.pk
    matches = evasion_matches(
        device_id=candidate.device_id, ip_hash=candidate.ip_hash, exclude_commenter=others
    )
    evaded = matches.get(SanctionMark.Kind.DEVICE)
    if evaded is not None:
        return Marker(
            "ban_evasion",
            Action.HOLD,
            f"Possible ban evasion: posted from the same browser as "
            f"{evaded.commenter.display_name}, who is under a "
            f"{evaded.get_kind_display().lower()}.",
        )
    if candidate.busy and not _established(candidate):
        return Marker(
            "premoderation_busy",
            Action.HOLD,
            f"Held while the commenter's connection is busy ({candidate.busy}): comments from "
            "browsers new here wait for a moderator until it calms down; established browsers "
            "and verified readers post as usual.",
        )
    shared = matches.get(SanctionMark.Kind.IP)
    if shared is not None:
        return Marker(
            "shared_address",
            None,
            f"Same IP address as {shared.commenter.display_name}, who is under a "
            f"{shared.get_kind_display().lower()} (many readers can share one address).",
        )
    return None


def _issued_long_ago(candidate: Candidate) -> bool:
    issued_by = candidate.now - timedelta(hours=settings.DEVICE_ESTABLISHED_HOURS)
    issued_at = candidate.device_issued_at
    return issued_at is not None and issued_at <= issued_by.timestamp()


def _published_mark_key(candidate: Candidate) -> str | None:
    """The key of the browser's published-comment mark, when ``_established`` could need it."""
    if candidate.verified_reader or not candidate.device_id or _issued_long_ago(candidate):
        return None
    return published_device_key(candidate.device_id)


def _established(candidate: Candidate) -> bool:
    """A verified reader, or a browser we issued an id to long enough ago
    (``DEVICE_ESTABLISHED_HOURS``), or one with a comment published before the last hour.

    The last is the browser's published-comment mark (``comments.published_devices``), read with
    the post's counts (check 4). A browser whose id was signed before issue times were kept may
    have comments from before the marks were: for it alone the comments table is asked too.
    """
    if candidate.verified_reader:
        return True
    if not candidate.device_id:
        return False
    if _issued_long_ago(candidate):
        return True
    hour_ago = candidate.now - timedelta(hours=1)
    key = published_device_key(candidate.device_id)
    minute = candidate.published_mark(key) if candidate.published_mark else mark_read(key)
    # The mark is the earliest published comment's minute rounded up, so "before the hour" by
    # the mark is never earlier than by the comment itself.
    if minute is not None and minute * 60 < hour_ago.timestamp():
        return True
    if candidate.device_issued_at is None:
        return Comment.objects.filter(
            device_id=candidate.device_id,
            status=Comment.Status.PUBLISHED,
            created_at__lt=hour_ago,
        ).exists()
    return False


CHECKS: list[Check] = [
    check_staff_author,
    check_sanctions,
    check_story_closed,
    check_rate_limit,
    check_spam_traps,
    check_banned_words,
    check_language,
    check_civility,
    check_suspect_words,
    check_links,
    check_premoderation,
]


def policy_decide(candidate: Candidate, *, checks: list[Check] | None = None) -> Decision:
    """Run the checks in order; the first marker that decides ends the run."""
    markers: list[Marker] = []
    for check in CHECKS if checks is None else checks:
        marker = check(candidate)
        if marker is None:
            continue
        markers.append(marker)
        if marker.decides:
            return Decision(action=marker.action, markers=markers)
    return Decision(action=Action.PUBLISH, markers=markers)
