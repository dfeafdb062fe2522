"""WordPress eXtended RSS (WXR 1.0, 1.1 and 1.2): Tools → Export in WordPress.

An ``<item>`` is a post (or page) with its ``<wp:comment>`` children. The ``wp`` namespace is
recognised in every spelling WordPress and its clones have used: ``http://`` or ``https://``,
wordpress.org or wordpress.com, ``/export/1.0/`` to ``/export/1.2/``, with or without the
trailing slash.

Statuses (``wp:comment_approved``): ``1`` → published, ``0`` → pending, ``spam`` → spam,
``trash`` and ``post-trashed`` → deleted; missing, empty or anything else → the importer's
``--unknown-status`` (pending unless told otherwise). Pingbacks and trackbacks are skipped, as
are other non-comment types (``webmention``, WooCommerce's ``order_note``, ...).

Dates: ``wp:comment_date_gmt`` is UTC. When it is missing or zero (``0000-00-00 00:00:00``, as
WordPress writes for drafts and some imports), ``wp:comment_date`` is read in the blog's time
zone, inferred from the item's ``wp:post_date`` minus ``wp:post_date_gmt`` (or the last item
that had both), else the importer's ``--timezone``. A comment with no usable date at all is kept
(as WordPress's own importer keeps it), dated with its post's date, else the time of the import,
and noted.

Comment ids are numbered per blog, but files merged from several blogs (or made by other tools)
repeat them across posts: a comment is known by its post and its id (``CommentRecord.scope``),
as its ``wp:comment_parent`` is. A post with a ``wp:post_password`` showed its comments only to
readers who had the password: its published comments are held for a moderator.

With ``recover``, an ``<item>`` that is not well-formed is skipped whole, named by its
``wp:post_id`` and line, and each comment found in it is listed as skipped with it (a partly read
post could lose its password or its status, so nothing of it is kept).

Townsquare's own WXR export adds ``townsquare_*`` comment meta (exact status, Markdown source,
rejection reason, author key, featured flag) so a round trip through WXR loses nothing; WordPress
keeps such meta and ignores it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from typing import BinaryIO
from xml.etree.ElementTree import Element

from townsquare.comments.models import Comment
from townsquare.transfer.records import (
    CommentRecord,
    Record,
    SkipRecord,
    Source,
    SourceInfo,
    ThreadRecord,
)
from townsquare.transfer.sources.xml import (
    Damaged,
    damaged_kind,
    damaged_label,
    damaged_reason,
    damaged_texts,
    local_name,
    namespace,
    records,
    text,
)

_WP_NAMESPACE = re.compile(r"^https?://(?:www\.)?wordpress\.(?:org|com)/export/1\.\d+/?$")
_CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
_STATUS = {
    "1": Comment.Status.PUBLISHED,
    "approve": Comment.Status.PUBLISHED,
    "0": Comment.Status.PENDING,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.DELETED,
    "post-trashed": Comment.Status.DELETED,
}
_COMMENT_TYPES = {"", "comment"}
_ZERO_DATE = "0000-00-00 00:00:00"


def _wp(element: Element, name: str) -> str:
    """Text of the child ``wp:name``, whichever spelling of the namespace the file uses."""
    for item in element:
        if local_name(item.tag) == name and _WP_NAMESPACE.match(namespace(item.tag)):
            return "".join(item.itertext()).strip()
    return ""


def _wp_children(element: Element, name: str) -> Iterator[Element]:
    for item in element:
        if local_name(item.tag) == name and _WP_NAMESPACE.match(namespace(item.tag)):
            yield item


def _mysql_date(value: str) -> datetime | None:
    value = value.strip()
    if not value or value == _ZERO_DATE:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def _iso_date(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
    return moment if moment is not None and moment.tzinfo else None


def _offset(local: datetime | None, gmt: datetime | None) -> tzinfo | None:
    """The blog's UTC offset, from a local and a GMT date of the same moment (to 15 minutes)."""
    if local is None or gmt is None:
        return None
    minutes = round((local - gmt).total_seconds() / 900) * 15
    if abs(minutes) > 14 * 60:
        return None
    return timezone(timedelta(minutes=minutes))


class _Dates:
    def __init__(self, fallback: tzinfo) -> None:
        self.fallback = fallback
        self.inferred: tzinfo | None = None
        # The date of a comment without one when its post has none either.
        self.started = datetime.now(UTC)

    def learn(self, local: str, gmt: str) -> tzinfo | None:
        offset = _offset(_mysql_date(local), _mysql_date(gmt))
        if offset is not None:
            self.inferred = offset
        return offset

    def resolve(
        self, *, local: str, gmt: str, item_offset: tzinfo | None
    ) -> tuple[datetime | None, str]:
        utc = _mysql_date(gmt)
        if utc is not None:
            return utc.replace(tzinfo=UTC), ""
        naive = _mysql_date(local)
        if naive is None:
            return None, ""
        zone = item_offset or self.inferred or self.fallback
        moment = naive.replace(tzinfo=zone)
        return moment.astimezone(UTC), f"no GMT date: local time read as {moment:%z}"


def _meta(element: Element, tag: str = "commentmeta") -> dict[str, str]:
    """The ``townsquare_*`` meta of a comment (or, with ``postmeta``, of a post)."""
    found = {}
    for meta in _wp_children(element, tag):
        key = _wp(meta, "meta_key")
        if key.startswith("townsquare_"):
            found[key] = _wp(meta, "meta_value")
    return found


PROTECTED = "its post was password-protected on the old site"


def parse(
    source: Source, *, fallback_timezone: tzinfo, recover: bool = False, **_: object
) -> Iterator[Record]:
    with source.open() as stream:
        yield from _parse(stream, fallback_timezone=fallback_timezone, recover=recover)


def _parse(
    stream: BinaryIO, *, fallback_timezone: tzinfo, recover: bool = False
) -> Iterator[Record]:
    dates = _Dates(fallback_timezone)
    site_told = False
    channel: dict[str, str] = {}
    # Skips found before the first post wait for the blog's address, which keys every id.
    early: list[Record] = []
    for element in records(stream, depth=2, recover=recover, breaks=frozenset({"item"})):
        if isinstance(element, Damaged):
            skips = list(_damaged(element))
            if element.tag == "item" and not site_told:
                site_told = True
                yield _site(channel)
            if site_told:
                yield from early
                early.clear()
                yield from skips
            else:
                early += skips
            continue
        name = local_name(element.tag)
        if name != "item":
            ns = namespace(element.tag)
            plain = name in ("link", "title") and not ns
            if plain or (name in ("base_blog_url", "base_site_url") and _WP_NAMESPACE.match(ns)):
                channel[name] = "".join(element.itertext()).strip()
            continue
        if not site_told:
            site_told = True
            yield _site(channel)
        yield from early
        early.clear()
        yield from _item(element, dates=dates, channel=channel)
        element.clear()
    if not site_told:
        yield SourceInfo(site=channel.get("base_blog_url") or channel.get("link", ""))
    yield from early


def _site(channel: dict[str, str]) -> SourceInfo:
    return SourceInfo(
        site=channel.get("base_blog_url") or channel.get("link") or channel.get("base_site_url", "")
    )


def _damaged(damaged: Damaged) -> Iterator[SkipRecord]:
    """An ``<item>`` (or channel element) that is not well-formed, skipped by ``--recover``."""
    why = damaged_reason(damaged)
    if damaged.tag != "item":
        yield SkipRecord(damaged_label(damaged), why, kind=damaged_kind(damaged))
        return
    post_ids = damaged_texts(damaged, "wp:post_id")
    post_id = post_ids[0] if post_ids else ""
    comment_ids = damaged_texts(damaged, "wp:comment_id")
    yield SkipRecord(
        post_id or f"line {damaged.start_line}",
        f"{why} with its {len(comment_ids)} comments",
        kind="post",
    )
    for comment_id in comment_ids:
        yield SkipRecord(
            comment_id,
            f"its post is not well-formed XML (post {post_id or '?'} at line "
            f"{damaged.start_line}); skipped by --recover",
            scope=post_id,
        )


def _item(item: Element, *, dates: _Dates, channel: dict[str, str]) -> Iterator[Record]:
    comments = list(_wp_children(item, "comment"))
    if not comments:
        return
    post_id = _wp(item, "post_id")
    url = text(item, "link")
    guid = text(item, "guid")
    if not url and guid.startswith(("http://", "https://")):
        url = guid
    base = channel.get("base_blog_url") or channel.get("link") or ""
    if not url and base and post_id:
        url = f"{base.rstrip('/')}/?p={post_id}"
    key = post_id or guid or url
    item_offset = dates.learn(_wp(item, "post_date"), _wp(item, "post_date_gmt"))
    published, _ = dates.resolve(
        local=_wp(item, "post_date"), gmt=_wp(item, "post_date_gmt"), item_offset=item_offset
    )
    if published is None:
        pub_date = text(item, "pubDate")
        try:
            published = parsedate_to_datetime(pub_date) if pub_date else None
        except (TypeError, ValueError):
            published = None
    status = _wp(item, "status")
    post_meta = _meta(item, "postmeta")
    story_fields = None
    if post_meta:
        # Written by Townsquare's own WXR export: the story exactly as it was.
        story_fields = {
            name: post_meta.get(f"townsquare_{name}", "")
            for name in ("slug", "headline", "standfirst", "byline", "dateline", "body")
        }
        story_fields["premoderate"] = post_meta.get("townsquare_premoderate") == "1"
        if post_meta.get("townsquare_hosted") == "1":
            url = ""
        exact = _iso_date(post_meta.get("townsquare_published_at", ""))
        published = exact or (published if post_meta.get("townsquare_published_at") else None)
    if not key:
        for comment in comments:
            yield SkipRecord(_wp(comment, "comment_id") or "?", "its post has no id, link or guid")
        return
    yield ThreadRecord(
        key=key,
        url=url,
        title=(story_fields or {}).get("headline") or text(item, "title"),
        published_at=published if status in ("publish", "") else None,
        comments_open=_wp(item, "comment_status") != "closed",
        public=status in ("publish", ""),
        story_fields=story_fields,
    )
    held = PROTECTED if _wp(item, "post_password") else ""
    for comment in comments:
        yield _comment(
            comment,
            thread_key=key,
            dates=dates,
            item_offset=item_offset,
            post_date=published,
            held=held,
        )


def _comment(
    comment: Element,
    *,
    thread_key: str,
    dates: _Dates,
    item_offset: tzinfo | None,
    post_date: datetime | None,
    held: str,
) -> Record:
    source_id = _wp(comment, "comment_id")
    if not source_id:
        return SkipRecord("?", "comment without wp:comment_id")
    kind = _wp(comment, "comment_type").lower()
    if kind in ("pingback", "trackback"):
        return SkipRecord(source_id, kind, scope=thread_key)
    if kind not in _COMMENT_TYPES:
        return SkipRecord(
            source_id, f"comment type {kind!r} is not a reader's comment", scope=thread_key
        )
    meta = _meta(comment)
    approved = _wp(comment, "comment_approved")
    status = meta.get("townsquare_status") or _STATUS.get(approved.lower(), "")
    created, date_note = dates.resolve(
        local=_wp(comment, "comment_date"),
        gmt=_wp(comment, "comment_date_gmt"),
        item_offset=item_offset,
    )
    exact = _iso_date(meta.get("townsquare_created_at", ""))
    if exact is not None:
        created, date_note = exact, ""
    if created is None:
        written = [_wp(comment, name) for name in ("comment_date_gmt", "comment_date")]
        written = [value for value in written if value and value != _ZERO_DATE]
        said = f" ({written[0]!r} is not a date)" if written else ""
        if post_date is not None:
            created, source = post_date, "its post's date"
        else:
            created, source = dates.started, "the time of the import"
        date_note = f"no date{said}: dated {created:%Y-%m-%d %H:%M} UTC, {source}"
    parent = _wp(comment, "comment_parent")
    body = meta.get("townsquare_body")
    return CommentRecord(
        source_id=source_id,
        thread_key=thread_key,
        parent_id=parent if parent not in ("", "0") else None,
        author_name=_wp(comment, "comment_author"),
        email=_wp(comment, "comment_author_email"),
        author_url=_wp(comment, "comment_author_url"),
        author_key=meta.get("townsquare_author_key", ""),
        body=body or "",
        html="" if body is not None else _wp(comment, "comment_content"),
        html_breaks=True,
        created_at=created,
        status=status,
        status_note=f"comment_approved={approved!r}" if approved else "no comment_approved",
        rejection_reason=meta.get("townsquare_rejection_reason", ""),
        featured=meta.get("townsquare_featured") == "1",
        notes=[date_note] if date_note else [],
        scope=thread_key,
        held=held,
    )
