"""Exporting a site's stories and comments: Townsquare JSON Lines, or WordPress WXR 1.2.

Both carry every story and comment with its status, threading, dates and rejection reason, so
that ``townsquare import jsonl`` (or ``townsquare import wordpress``) into a fresh installation
gives back the same discussions. E-mail addresses are written only with ``include_private``
(for the site's owner); otherwise each author is a pseudonymous key, the same for all of one
person's comments and meaningless outside this installation. IP addresses, device ids, civility
scores and moderators' notes are never exported. See docs/export.md for both layouts.

The export streams: stories and comments are read in chunks and written as they come.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from townsquare.comments.models import Comment
from townsquare.lib.identity import keyed_hash
from townsquare.sites.models import Site
from townsquare.stories.models import Story
from townsquare.transfer.sources.jsonl import FORMAT_VERSION

FORMATS = ("jsonl", "wxr")
CHUNK = 1000


@dataclass
class ExportCounts:
    stories: int = 0
    comments: int = 0


def _stories(*, site: Site | None, story: Story | None) -> QuerySet[Story]:
    stories = Story.objects.all()
    if site is not None:
        stories = stories.filter(site=site)
    if story is not None:
        stories = stories.filter(pk=story.pk)
    return stories.order_by("pk")


def export_comment_count(*, site: Site | None, story: Story | None) -> int:
    return Comment.objects.filter(story__in=_stories(site=site, story=story)).count()


def _comments(story: Story) -> Iterator[Comment]:
    return (
        Comment.objects.filter(story=story)
        .select_related("commenter")
        .order_by("created_at", "pk")
        .iterator(chunk_size=CHUNK)
    )


def author_key(commenter_id: int) -> str:
    """A pseudonym for one commenter: stable within this installation, opaque outside it."""
    return keyed_hash(str(commenter_id), secret=settings.SECRET_KEY, purpose="export-author")[:24]


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None


def _site_url(site_url: str) -> str:
    """The address readers reach this installation at: ``site_url``, else ``SITE_URL``."""
    return (site_url or settings.SITE_URL).rstrip("/")


def _page_url(story: Story, site_url: str) -> str:
    return story.canonical_url or f"{site_url}{story.get_absolute_url()}"


# --- JSON Lines -------------------------------------------------------------------------------


def _json_line(stream: TextIO, document: dict) -> None:
    stream.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n")


def export_jsonl(
    *,
    stream: TextIO,
    site: Site | None = None,
    story: Story | None = None,
    include_private: bool = False,
    site_url: str = "",
    progress=lambda n: None,
) -> ExportCounts:
    """Write the export to ``stream``; see the module docstring and docs/export.md."""
    counts = ExportCounts()
    _json_line(
        stream,
        {
            "townsquare_export": FORMAT_VERSION,
            "exported_at": _iso(timezone.now()),
            "source": _site_url(site_url),
            "site": {"slug": site.slug, "name": site.name} if site else {"slug": "", "name": ""},
            "include_private": include_private,
        },
    )
    for item in _stories(site=site, story=story).iterator(chunk_size=CHUNK):
        counts.stories += 1
        _json_line(
            stream,
            {
                "type": "story",
                "id": item.pk,
                "url": item.canonical_url,
                "slug": item.slug,
                "headline": item.headline,
                "standfirst": item.standfirst,
                "byline": item.byline,
                "dateline": item.dateline,
                "body": item.body,
                "published_at": _iso(item.published_at),
                "comments_open": item.comments_open,
                "premoderate": item.premoderate,
            },
        )
        for comment in _comments(item):
            author = {
                "name": comment.author_name,
                "url": comment.author_url,
                "key": author_key(comment.commenter_id),
            }
            if include_private:
                author["email"] = comment.commenter.email
            _json_line(
                stream,
                {
                    "type": "comment",
                    "id": comment.pk,
                    "story": item.pk,
                    "parent": comment.parent_id,
                    "reply_to": comment.reply_to_id,
                    "created_at": _iso(comment.created_at),
                    "status": comment.status,
                    "rejection_reason": comment.rejection_reason,
                    "featured": comment.featured,
                    "author": author,
                    "body": comment.body,
                },
            )
            counts.comments += 1
            progress(1)
    return counts


# --- WordPress WXR 1.2 --------------------------------------------------------------------------

# Our statuses in WordPress's words; the exact status travels in townsquare_status meta.
WORDPRESS_APPROVED = {
    Comment.Status.PUBLISHED: "1",
    Comment.Status.PENDING: "0",
    Comment.Status.SPAM: "spam",
    Comment.Status.REJECTED: "trash",
    Comment.Status.REMOVED: "trash",
    Comment.Status.DELETED: "trash",
}


def _cdata(text: str) -> str:
    return "<![CDATA[" + (text or "").replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _mysql(moment: datetime | None, *, local: bool) -> str:
    if moment is None:
        return "0000-00-00 00:00:00"
    moment = timezone.localtime(moment) if local else moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _meta(tag: str, key: str, value: str) -> str:
    return (
        f"<wp:{tag}><wp:meta_key>{_cdata(key)}</wp:meta_key>"
        f"<wp:meta_value>{_cdata(value)}</wp:meta_value></wp:{tag}>"
    )


def _story_html(story: Story) -> str:
    return "".join(f"<p>{escape(paragraph)}</p>\n" for paragraph in story.paragraphs)


def export_wxr(
    *,
    stream: TextIO,
    site: Site | None = None,
    story: Story | None = None,
    include_private: bool = False,
    site_url: str = "",
    progress=lambda n: None,
) -> ExportCounts:
    """Write a WordPress eXtended RSS 1.2 file that WordPress's importer reads.

    Comments carry their exact status, Markdown source, date, rejection reason, author key and
    featured flag as ``townsquare_*`` comment meta, and stories their Townsquare fields as post
    meta, so that importing the file back here loses nothing.
    """
    counts = ExportCounts()
    w = stream.write
    w('<?xml version="1.0" encoding="UTF-8" ?>\n')
    w(
        '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
    )
    w(f"<title>{escape(site.name if site else settings.SITE_NAME)}</title>\n")
    base = _site_url(site_url)
    w(f"<link>{escape(base)}</link>\n")
    w(f"<pubDate>{format_datetime(timezone.now().astimezone(UTC))}</pubDate>\n")
    w("<generator>Townsquare</generator>\n<wp:wxr_version>1.2</wp:wxr_version>\n")
    w(f"<wp:base_site_url>{escape(base)}</wp:base_site_url>\n")
    w(f"<wp:base_blog_url>{escape(base)}</wp:base_blog_url>\n")
    for item in _stories(site=site, story=story).iterator(chunk_size=CHUNK):
        counts.stories += 1
        w("<item>\n")
        w(f"<title>{_cdata(item.headline)}</title>\n")
        w(f"<link>{escape(_page_url(item, base))}</link>\n")
        if item.published_at:
            w(f"<pubDate>{format_datetime(item.published_at.astimezone(UTC))}</pubDate>\n")
        w(f"<dc:creator>{_cdata(item.byline)}</dc:creator>\n")
        w(f"<guid isPermaLink={quoteattr('false')}>townsquare-story-{item.pk}</guid>\n")
        w("<description></description>\n")
        w(f"<content:encoded>{_cdata(_story_html(item))}</content:encoded>\n")
        w(f"<excerpt:encoded>{_cdata(item.standfirst)}</excerpt:encoded>\n")
        w(f"<wp:post_id>{item.pk}</wp:post_id>\n")
        w(f"<wp:post_date>{_cdata(_mysql(item.published_at, local=True))}</wp:post_date>\n")
        w(
            f"<wp:post_date_gmt>{_cdata(_mysql(item.published_at, local=False))}"
            "</wp:post_date_gmt>\n"
        )
        w(f"<wp:comment_status>{'open' if item.comments_open else 'closed'}</wp:comment_status>\n")
        w("<wp:ping_status>closed</wp:ping_status>\n")
        w(f"<wp:post_name>{_cdata(item.slug)}</wp:post_name>\n")
        w(f"<wp:status>{'publish' if item.published_at else 'draft'}</wp:status>\n")
        w("<wp:post_parent>0</wp:post_parent>\n<wp:menu_order>0</wp:menu_order>\n")
        w("<wp:post_type>post</wp:post_type>\n<wp:post_password></wp:post_password>\n")
        w("<wp:is_sticky>0</wp:is_sticky>\n")
        fields = {
            "townsquare_hosted": "" if item.canonical_url else "1",
            "townsquare_slug": item.slug,
            "townsquare_headline": item.headline,
            "townsquare_standfirst": item.standfirst,
            "townsquare_byline": item.byline,
            "townsquare_dateline": item.dateline,
            "townsquare_body": item.body,
            "townsquare_premoderate": "1" if item.premoderate else "",
            "townsquare_published_at": _iso(item.published_at) or "",
        }
        for key, value in fields.items():
            w(_meta("postmeta", key, value) + "\n")
        for comment in _comments(item):
            counts.comments += 1
            progress(1)
            email = comment.commenter.email if include_private else ""
            answered = comment.reply_to_id or comment.parent_id or 0
            w("<wp:comment>\n")
            w(f"<wp:comment_id>{comment.pk}</wp:comment_id>\n")
            w(f"<wp:comment_author>{_cdata(comment.author_name)}</wp:comment_author>\n")
            w(f"<wp:comment_author_email>{_cdata(email)}</wp:comment_author_email>\n")
            w(f"<wp:comment_author_url>{_cdata(comment.author_url)}</wp:comment_author_url>\n")
            w("<wp:comment_author_IP></wp:comment_author_IP>\n")
            w(
                f"<wp:comment_date>{_cdata(_mysql(comment.created_at, local=True))}"
                "</wp:comment_date>\n"
            )
            w(
                f"<wp:comment_date_gmt>{_cdata(_mysql(comment.created_at, local=False))}"
                "</wp:comment_date_gmt>\n"
            )
            w(f"<wp:comment_content>{_cdata(comment.body_html)}</wp:comment_content>\n")
            w(
                f"<wp:comment_approved>{_cdata(WORDPRESS_APPROVED[comment.status])}"
                "</wp:comment_approved>\n"
            )
            w("<wp:comment_type>comment</wp:comment_type>\n")
            w(f"<wp:comment_parent>{answered}</wp:comment_parent>\n")
            w("<wp:comment_user_id>0</wp:comment_user_id>\n")
            meta = {
                "townsquare_status": comment.status,
                "townsquare_body": comment.body,
                "townsquare_created_at": _iso(comment.created_at) or "",
                "townsquare_rejection_reason": comment.rejection_reason,
                "townsquare_author_key": author_key(comment.commenter_id),
                "townsquare_featured": "1" if comment.featured else "",
            }
            for key, value in meta.items():
                w(_meta("commentmeta", key, value) + "\n")
            w("</wp:comment>\n")
        w("</item>\n")
    w("</channel>\n</rss>\n")
    return counts


EXPORTERS = {"jsonl": export_jsonl, "wxr": export_wxr}
