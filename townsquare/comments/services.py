"""Write-side services for comments: how a comment is checked, written and kept in step.

The rules for a comment's fields (``comment_fields_clean``), the commenter record, writing a
comment (``comment_create``), and keeping the story's counters and thread version in step with
every change (``comment_status_changed``). Deciding *whether* a reader's comment goes up is the
moderation app's job (``moderation.posting.comment_submit``), which calls these; nothing here
knows about moderation.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from townsquare.comments.live import live_state_refresh
from townsquare.comments.models import Comment, Commenter
from townsquare.comments.published_devices import (
    published_device_record,
    published_devices_refresh,
)
from townsquare.lib.client import ClientInfo
from townsquare.lib.identity import keyed_hash, normalise_email
from townsquare.lib.markdown import render_comment
from townsquare.stories.models import Story
from townsquare.terms.models import TermsVersion


class CommentRefused(Exception):
    """The comment cannot be accepted; ``message`` is shown to the reader as is.

    ``field`` names the form field the message belongs next to, when there is one.
    """

    def __init__(self, message: str, *, code: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


class CommentInvalid(CommentRefused):
    """One or more fields of a comment are not acceptable; ``errors`` maps field → message.

    The field names are the reply form's (``author``, ``email``, ``url``, ``comment``), so every
    interface can put each message next to the input it is about. ``field`` and ``message`` are
    the first of them.
    """

    def __init__(self, errors: dict[str, str]) -> None:
        field, message = next(iter(errors.items()))
        super().__init__(message, code="invalid", field=field)
        self.errors = errors


NAME_MAX_LENGTH = 100
EMAIL_MAX_LENGTH = 254
URL_MAX_LENGTH = 300
URL_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class CommentFields:
    """A comment's reader-typed fields, checked and normalised."""

    author_name: str
    email: str
    url: str
    body: str


def _without_control_characters(text: str) -> str:
    # Control and bidi-override characters can make a name display as something else
    # ("\u202e" reverses what follows); they carry nothing a reader would type on purpose.
    return "".join(c for c in text if unicodedata.category(c) not in {"Cc", "Cf"} or c in "\n\t")


def _name_clean(value: str) -> str:
    name = " ".join(_without_control_characters(value).split())
    if not name:
        raise ValidationError(_("Please enter your name."))
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            _("Please keep your name under %(limit)d characters.") % {"limit": NAME_MAX_LENGTH}
        )
    return name


def _email_clean(value: str) -> str:
    email = value.strip()
    if not email:
        raise ValidationError(_("Please enter your email address. It will not be published."))
    if len(email) > EMAIL_MAX_LENGTH:
        raise ValidationError(
            _("Email addresses can be at most %(limit)d characters; please check it.")
            % {"limit": EMAIL_MAX_LENGTH}
        )
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            _("That doesn't look like an email address; please check it.")
        ) from None
    return email


_url_validator = URLValidator(schemes=list(URL_SCHEMES))


def _url_clean(value: str) -> str:
    url = value.strip()
    if not url:
        return ""
    if "://" not in url and ":" not in url.split("/", 1)[0]:
        url = "https://" + url  # "example.org" means the site, as browsers read it
    message = _("Please enter a full web address, like https://example.org.")
    if len(url) > URL_MAX_LENGTH:
        raise ValidationError(
            _("Web addresses can be at most %(limit)d characters.") % {"limit": URL_MAX_LENGTH}
        )
    try:
        _url_validator(url)
    except ValidationError:
        raise ValidationError(message) from None
    return url


def _body_clean(value: str) -> str:
    body = value.strip()
    if not body:
        raise ValidationError(_("Please write a comment."))
    if len(body) > settings.COMMENTS_MAX_LENGTH:
        raise ValidationError(
            _("Comments can be at most %(limit)d characters; yours has %(count)d.")
            % {"limit": settings.COMMENTS_MAX_LENGTH, "count": len(body)}
        )
    return body


def comment_fields_clean(*, author_name: str, email: str, url: str, body: str) -> CommentFields:
    """Check and normalise what a reader typed; raise ``CommentInvalid`` naming every bad field.

    The one place these rules live: the reply form, ``comment_submit``, ``comment_create`` (and
    with it the importers and the demo) all call it. Web addresses must be http or https, so
    nothing like ``javascript:`` ever reaches a link on the page.
    """
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for field, clean, value in (
        ("comment", _body_clean, body),
        ("author", _name_clean, author_name),
        ("email", _email_clean, email),
        ("url", _url_clean, url),
    ):
        try:
            cleaned[field] = clean(str(value if value is not None else ""))
        except ValidationError as error:
            errors[field] = error.messages[0]
    if errors:
        raise CommentInvalid(errors)
    return CommentFields(
        author_name=cleaned["author"],
        email=cleaned["email"],
        url=cleaned["url"],
        body=cleaned["comment"],
    )


def commenter_avatar_key(email: str) -> str:
    return keyed_hash(normalise_email(email), secret=settings.SECRET_KEY, purpose="avatar")


def commenter_get_or_create(*, email: str, display_name: str) -> Commenter:
    """The commenter for this address, creating it on first use.

    An email address typed into the form is a claim, not a proof: anyone can type anyone's. So a
    later comment never renames the commenter (the name stays the one first used; each comment
    keeps the name typed on it), and nothing about the commenter is shown to whoever types the
    address.
    """
    try:
        address = normalise_email(_email_clean(email))
    except ValidationError as error:
        raise CommentInvalid({"email": error.messages[0]}) from None
    commenter, _ = Commenter.objects.get_or_create(
        email=address,
        defaults={"display_name": display_name[:100], "avatar_key": commenter_avatar_key(address)},
    )
    return commenter


def reply_parent_resolve(
    *, story: Story, parent_id: int | None
) -> tuple[Comment | None, Comment | None]:
    """(parent to nest under, comment answered) for a reply, honouring the depth limit.

    A reply to a comment already at the deepest level attaches beside it, under the same parent,
    and keeps ``reply_to`` so the page can still say whom it answers.
    """
    if parent_id is None:
        return None, None
    answered = (
        Comment.objects.filter(pk=parent_id, story=story, status=Comment.Status.PUBLISHED)
        .select_related("parent")
        .first()
    )
    if answered is None:
        # Not a field error: comment_parent is a hidden field the reader cannot correct.
        raise CommentRefused(
            _(
                "The comment you were replying to has been removed or is no longer available, "
                "so your reply was not posted. Your text is below: you can post it as a new "
                "comment."
            ),
            code="parent_missing",
        )
    deepest = settings.COMMENTS_MAX_DEPTH - 1
    parent = answered if answered.depth < deepest else answered.parent
    return parent, answered


def thread_version_moved() -> dict:
    """The ``Story`` columns a change to its public thread updates: the version that names its
    cached pages and ETags, and when it changed. For ``QuerySet.update``."""
    return {"thread_version": F("thread_version") + 1, "thread_changed_at": timezone.now()}


def thread_changed(*, story_id: int, published_delta: int = 0, root_id: int | None = None) -> None:
    """Record that a story's public thread changed: counters, version, time.

    Call inside the transaction that makes the change, so the counters move with it or not at
    all. The version names the cached thread and the page's ETag: bumping it makes every cache
    (ours, nginx's, a CDN's on revalidation) serve the new thread. ``published_delta`` is how
    many published comments the change added (or removed); ``root_id`` the top-level comment
    whose reply count moves with it.
    """
    Story.objects.filter(pk=story_id).update(
        comment_count=Greatest(F("comment_count") + published_delta, 0), **thread_version_moved()
    )
    if published_delta and root_id is not None:
        Comment.objects.filter(pk=root_id).update(
            reply_count=Greatest(F("reply_count") + published_delta, 0)
        )
    # Open pages poll the live state ("3 new comments"); it is rebuilt once the change is in.
    # A lambda, not functools.partial: Django logs a failed robust callback by its __qualname__,
    # which a partial lacks, and that AttributeError escaped the commit as a 500.
    transaction.on_commit(lambda: live_state_refresh(story_id), robust=True)


def comment_status_changed(*, comment: Comment, status_before: str | None) -> None:
    """Keep the thread in step after ``comment`` moved from ``status_before`` (None: new).

    A change between statuses readers never see (pending → rejected, say) changes nothing public
    and bumps nothing. A change into or out of published also keeps the browser's
    published-comment mark in step (``published_devices``), which the flood limits read.
    """
    published = Comment.Status.PUBLISHED
    if (comment.status == published) != (status_before == published) and comment.device_id:
        _published_device_changed(comment=comment, published=comment.status == published)
    public = set(Comment.THREAD_STATUSES)
    if status_before not in public and comment.status not in public:
        return
    delta = int(comment.status == published) - int(status_before == published)
    thread_changed(story_id=comment.story_id, published_delta=delta, root_id=comment.root_id)


def _published_device_changed(*, comment: Comment, published: bool) -> None:
    """Keep the browser's published-comment mark (``published_devices``) in step, on commit:
    a failure there is logged and leaves the comment as committed."""
    device_id, created_at = comment.device_id, comment.created_at
    if published:
        transaction.on_commit(
            lambda: published_device_record(device_id=device_id, created_at=created_at),
            robust=True,
        )
    else:
        transaction.on_commit(
            lambda: published_devices_refresh(device_ids=[device_id]), robust=True
        )


def comment_create(
    *,
    story: Story,
    commenter: Commenter,
    author_name: str,
    body: str,
    status: str,
    url: str = "",
    parent: Comment | None = None,
    reply_to: Comment | None = None,
    terms: TermsVersion | None = None,
    markers: list | None = None,
    created_at=None,
    civility_scores: dict | None = None,
    civility_model: str = "",
    civility_max: float | None = None,
    client: ClientInfo | None = None,
    language: str = "",
    author_badges: list[str] | None = None,
) -> Comment:
    """Write a comment row, rendering its Markdown once so pages never re-render it.

    The fields a reader types are checked by ``comment_fields_clean`` here too (raising
    ``CommentInvalid``), so an import or a script calling this directly gets the same rules as
    the form. The commenter's address was checked when the commenter was made.
    """
    fields = comment_fields_clean(
        author_name=author_name, email=commenter.email, url=url, body=body
    )
    author_name, url, body = fields.author_name, fields.url, fields.body
    comment = Comment(
        story=story,
        commenter=commenter,
        parent=parent,
        reply_to=reply_to or parent,
        root=(parent.root or parent) if parent else None,
        depth=(parent.depth + 1) if parent else 0,
        author_name=author_name,
        author_url=url,
        body=body,
        body_html=render_comment(body),
        status=status,
        terms_version=terms,
        terms_accepted_at=timezone.now() if terms else None,
        markers=markers or [],
        civility_scores=civility_scores or {},
        civility_model=civility_model,
        civility_max=civility_max,
        language=language,
        author_badges=author_badges or [],
        ip_hash=client.ip_hash if client else "",
        network_hash=client.network_hash if client else "",
        raw_ip=client.raw_ip if client else None,
        device_id=client.device_id if client else "",
    )
    # No savepoint of its own: nothing here is caught and retried, so a failure undoes the
    # caller's whole transaction anyway (and a post saves two statements).
    with transaction.atomic(savepoint=False):
        comment.save()
        if created_at is not None:
            # auto_now_add ignores a value given at creation; imports and demo content need the
            # original date, so it is set with a second, targeted update.
            Comment.objects.filter(pk=comment.pk).update(created_at=created_at)
            comment.created_at = created_at
        comment_status_changed(comment=comment, status_before=None)
    return comment
