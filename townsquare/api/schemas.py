"""Request and response shapes of the API; they are also its OpenAPI schema."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from townsquare.lib.params import MAX_DB_INT

URL_MAX = 2000
TOKEN_MAX = 2000
TEXT_MAX = 20_000  # the comment's own limit (COMMENTS_MAX_LENGTH) is the service's to enforce
Id = Field(ge=1, le=MAX_DB_INT)


class ErrorOut(Schema):
    """Every error: a code, the field at fault (None for the request as a whole), a message."""

    code: str
    field: str | None
    message: str
    errors: dict[str, str] = Field(default_factory=dict, description="field → message")


class NudgeOut(ErrorOut):
    """The civility check asks the author to reconsider; nothing was saved."""

    nudge_token: str
    spans: list[dict[str, int]]
    highlighted: str = Field(description="The comment, HTML-escaped, with <mark> on the spans.")
    form_started: str = Field("", description="A post's next form token (each posts once).")


class ReplyToOut(Schema):
    id: int
    author_name: str


class CommentOut(Schema):
    id: int
    parent_id: int | None
    reply_to: ReplyToOut | None
    depth: int
    status: str = Field(description="published; removed or deleted (a tombstone); pending")
    tombstone: str = Field(description="The tombstone's text; empty for a live comment.")
    created_at: str
    author_name: str
    author_url: str
    author_badges: list[str] = Field(
        default_factory=list,
        description="Public marks of an author signed in with the newsroom's account when "
        'posting: their token\'s badges, and "staff" for a staff role (docs/identity.md).',
    )
    avatar_key: str = Field(description="Keyed hash for an identicon; reveals no address.")
    html: str = Field(description="The comment's sanitised HTML.")
    featured: bool = Field(description="A moderators' pick (also listed in the thread's featured).")
    featured_reason: str = Field(description="Why the moderators featured it; empty if not.")
    edited_at: str | None = Field(description="When its author last edited it; None if never.")
    respect_count: int = Field(description="Readers who respect it. Who they are is never given.")
    reply_count: int


class FeaturedCommentOut(CommentOut):
    thread_url: str = Field(description="The comment in place in the thread (hosted page).")


class ThreadCommentOut(CommentOut):
    more_replies: int = Field(description="Replies of a top-level comment not on this page.")
    answers_elsewhere: bool
    replies: list[ThreadCommentOut]


class CommentingOut(Schema):
    who: str = Field(description="anyone, verified, signed_in or subscribers")
    badge: str = Field(description="The badge that makes a subscriber.")
    url: str = Field(description="Where to subscribe or sign in (may be empty).")
    message: str = Field(description="What to tell a reader who may not comment; empty: anyone.")


class StoryOut(Schema):
    id: int
    url: str
    headline: str
    discussion_url: str = Field(
        description="The thread on Townsquare's own page (works without JS)."
    )
    comments_open: bool = Field(description="Whether the story takes comments now.")
    comments_close_at: datetime | None = Field(
        None, description="When the discussion closes by itself (None: it stays open)."
    )
    comment_count: int
    commenting: CommentingOut | None = Field(
        None, description="Who may comment here; others read (docs/identity.md)."
    )


class ThreadOut(Schema):
    story: StoryOut | None = Field(description="None while the page has no thread yet.")
    url: str
    version: int
    sort: str
    after: str
    next_cursor: str | None
    comment_count: int
    thread_token: str = Field(description="Send it with a post: names the thread.")
    read_ms: int | None = Field(
        None,
        description="When this page of the thread was read (ms since the epoch): comments that "
        "/stories/{id}/live lists as published after it, and not on the page, are new.",
    )
    featured: list[FeaturedCommentOut] = Field(
        default_factory=list,
        description="The moderators' picks, shown first: on the first page, whatever the sort.",
    )
    comments: list[ThreadCommentOut]


class RepliesOut(Schema):
    story: StoryOut
    version: int
    after: str
    next_cursor: str | None
    comment: ThreadCommentOut


class LiveCommentOut(Schema):
    id: int
    parent_id: int | None = Field(description="None for a top-level comment.")
    published_ms: int = Field(description="When it was published, in ms since the epoch (UTC).")


class LiveOut(Schema):
    story: int
    version: int = Field(description="The thread's version; the ETag changes with it.")
    count: int = Field(description="Published comments.")
    comments: list[LiveCommentOut] = Field(
        description="The most recently published comments, newest first (at most 50)."
    )


class CommentsOut(Schema):
    comments: list[CommentOut]
    html: list[str] = Field(
        description="Each comment as the embed shows it, when the request names the page (url)."
    )


class FormIn(Schema):
    thread_token: str = Field(max_length=TOKEN_MAX)
    device_token: str = Field("", max_length=TOKEN_MAX)
    author_token: str = Field("", max_length=TOKEN_MAX)


class FormReaderOut(Schema):
    name: str
    email: str
    badges: list[str] = Field(description='The public marks: badges, and "staff".')


class FormOut(Schema):
    form_started: str = Field(
        description="Signed time the form was shown; send it with one post (each posts once)."
    )
    device_token: str = Field(
        description="Keep it (the embed: in localStorage) and send it back; posting and "
        "respecting need it. Empty when this connection has had its allowance of new ones."
    )
    terms_version: int | None
    pending: list[CommentOut] = Field(description="The author's own comments awaiting moderation.")
    pending_html: list[str]
    editable: dict[str, str] = Field(
        default_factory=dict,
        description="The caller's own comments they may still edit: id → until (ISO 8601).",
    )
    deletable: list[int] = Field(default_factory=list, description="The caller's own comments.")
    respected: list[int] = Field(
        default_factory=list, description="Comments of this thread the caller respects."
    )
    sources: dict[str, str] = Field(
        default_factory=dict,
        description="The Markdown source of each editable comment (id → text), for its edit form.",
    )
    reader_verified: bool = Field(
        default=False,
        description="Whether the caller is signed in as a verified reader (Townsquare's own pages "
        "only, by its cookie): reply e-mails then start without a confirmation link.",
    )
    may_comment: bool = Field(
        default=True,
        description="Whether the story's rule (story.commenting) lets this caller post; when "
        "not, show story.commenting.message in place of the form.",
    )
    reader: FormReaderOut | None = Field(
        default=None,
        description="The newsroom account the caller is signed in with (X-Townsquare-Reader, or "
        "our own pages' cookie): posts go under its name and address. None: a guest.",
    )


class CommentIn(Schema):
    thread_token: str = Field(max_length=TOKEN_MAX)
    parent_id: int | None = Field(None, ge=1, le=MAX_DB_INT)
    author: str = Field("", max_length=1000)
    email: str = Field("", max_length=1000)
    url: str = Field("", max_length=1000)
    comment: str = Field("", max_length=TEXT_MAX)
    form_started: str = Field("", max_length=TOKEN_MAX)
    nudge_token: str = Field("", max_length=100)
    device_token: str = Field("", max_length=TOKEN_MAX)
    author_token: str = Field("", max_length=TOKEN_MAX)
    tos_version: int | None = Field(None, ge=1, le=MAX_DB_INT)
    phone: str = Field("", max_length=1000, description="Leave empty (a trap for robots).")
    notify_replies: bool = Field(
        False,
        description="Email me replies to this comment: a confirmation link is mailed first, "
        "unless the request carries the reader-session cookie of the comment's address.",
    )


class CommentCreatedOut(Schema):
    status: Literal["published", "pending"]
    message: str
    comment: CommentOut | None
    html: str = Field(description="The comment as the embed shows it (an <li>).")
    author_token: str
    device_token: str
    form_started: str = Field(description="The next form token: each one posts once.")
    replies_notice: str = Field(
        "", description="With notify_replies: whether reply e-mails started or await a link."
    )


class EditIn(Schema):
    comment: str = Field("", max_length=TEXT_MAX, description="The new text (Markdown).")
    nudge_token: str = Field("", max_length=100, description="To save anyway after a nudge.")
    device_token: str = Field("", max_length=TOKEN_MAX)
    author_token: str = Field("", max_length=TOKEN_MAX)


class EditOut(Schema):
    status: Literal["published", "pending"]
    message: str
    changed: bool = Field(description="False when the text was the same as before.")
    comment: CommentOut
    html: str = Field(description="The comment as the embed shows it (an <li>).")


class AuthorIn(Schema):
    device_token: str = Field("", max_length=TOKEN_MAX)
    author_token: str = Field("", max_length=TOKEN_MAX)


class DeletedOut(Schema):
    message: str
    status: Literal["deleted"]


class RespectIn(Schema):
    on: bool = Field(True, description="True to respect, false to undo.")
    device_token: str = Field("", max_length=TOKEN_MAX)


class RespectOut(Schema):
    respected: bool
    respect_count: int
    device_token: str


class ReportIn(Schema):
    reason: str = Field(
        max_length=40,
        description="personal_attack, harassment, hate, threat, spam, off_topic or other",
    )
    details: str = Field("", max_length=5000)
    device_token: str = Field("", max_length=TOKEN_MAX)


class ReportOut(Schema):
    message: str
    device_token: str


class CountsIn(Schema):
    urls: list[str] = Field(max_length=100)


class CountsOut(Schema):
    counts: dict[str, int] = Field(description="Each URL as given → its published comments.")


# --- Staff ------------------------------------------------------------------------------------


class RevisionOut(Schema):
    body: str
    status: str
    written_at: str
    replaced_at: str


class StaffCommentOut(Schema):
    id: int
    story_id: int
    story_headline: str
    story_url: str
    parent_id: int | None
    status: str
    author_name: str
    author_badges: list[str] = Field(
        default_factory=list, description="Sign-on badges when posted (docs/identity.md)."
    )
    commenter_id: int
    commenter_email: str
    body: str
    created_at: str
    edited_at: str | None
    featured: bool
    featured_reason: str
    respect_count: int
    revisions: list[RevisionOut] = Field(description="Earlier texts of an edited comment.")
    civility_max: float | None
    language: str = Field(
        "",
        description="The language the pipeline took the comment to be in (ISO 639-1; empty for "
        "imported comments). One the civility model does not score leaves `scores` empty.",
    )
    scores: dict[str, float]
    markers: list[dict]
    open_reports: int
    commenter_verified: bool = Field(
        False, description="The commenter's address was verified by its owner (a link)."
    )
    posted_signed_in: bool = Field(
        False,
        description="Posted in the verified reader's own session; otherwise the address is a "
        "claim anyone could type.",
    )


class QueueOut(Schema):
    tab: str
    page: int
    pages: int
    count: int
    comments: list[StaffCommentOut]


class DecisionIn(Schema):
    action: Literal["approve", "reject", "remove", "feature", "unfeature"]
    reason: str = Field("", max_length=40, description="For reject and remove: a reason code.")
    featured_reason: str = Field(
        "",
        max_length=200,
        description="For feature (required): why it is featured; readers see it with the comment.",
    )
    expected_status: str = Field("", max_length=20, description="The status you saw, if any.")


class DecisionOut(Schema):
    changed: bool
    comment: StaffCommentOut


class SanctionIn(Schema):
    kind: Literal["warning", "suspension", "ban", "premoderate"]
    reason: str = Field(max_length=500)
    hours: int | None = Field(None, ge=1, le=365 * 24, description="Suspensions only.")
    comment_id: int | None = Field(None, ge=1, le=MAX_DB_INT)
    comment_reason: str = Field("", max_length=40)


class SanctionOut(Schema):
    id: int
    commenter_id: int
    kind: str
    reason: str
    created_at: str
    ends_at: str | None
    lifted_at: str | None


class SanctionCreatedOut(Schema):
    created: bool
    sanction: SanctionOut


class LiftIn(Schema):
    reason: str = Field("", max_length=500)


class ChangedOut(Schema):
    changed: bool


# --- A verified reader's own (the reader-session cookie; same origin only) ---------------------


class ReaderCommentOut(Schema):
    id: int
    story_headline: str
    story_url: str
    thread_url: str = Field(description="Where the comment sits in its thread.")
    created_at: str
    status: Literal["published", "pending", "rejected", "removed", "deleted"]
    status_label: str
    text: str = Field(description="The comment as its author typed it.")
    replies_by_email: Literal["active", "pending", "cancelled", "off"]


class ReaderCommentsOut(Schema):
    comments: list[ReaderCommentOut]
    next_cursor: str | None = Field(description="Pass as ``before`` for older comments.")
    delivery: Literal["each", "daily", "none"] = Field(
        description="How replies reach the reader: each by e-mail, a daily digest, or none."
    )


class ReaderSignInIn(Schema):
    email: str = Field(max_length=1000)


class MessageOut(Schema):
    message: str


class ReaderDeliveryIn(Schema):
    delivery: Literal["each", "daily", "none"]


class ReaderRepliesIn(Schema):
    replies: bool = Field(description="True: e-mail replies to this comment; false: stop.")
