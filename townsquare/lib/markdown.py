"""Comment Markdown: a small subset, rendered once and sanitised.

Readers get paragraphs, emphasis, links, block quotes, lists and inline code. Raw HTML is shown
as text (markdown-it's ``html`` option is off), and the output still goes through nh3 so that a
bug in the renderer can never become a script injection.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

_renderer = (
    MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False, "breaks": True})
    .enable(["paragraph", "emphasis", "link", "blockquote", "list", "backticks", "newline"])
    .enable(["escape", "entity"])
)

ALLOWED_TAGS = {"p", "br", "em", "strong", "a", "blockquote", "ul", "ol", "li", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
LINK_REL = "nofollow ugc noopener"


def render_comment(source: str) -> str:
    """Markdown source → sanitised HTML safe to store and serve as-is."""
    html = _renderer.render(source)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()


def render_document(source: str) -> str:
    """Render an editor-written page (Terms, Guidelines) with the same safe subset plus headings."""
    html = (
        MarkdownIt("zero", {"html": False})
        .enable(["paragraph", "emphasis", "link", "blockquote", "list", "backticks", "heading"])
        .render(source)
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS | {"h2", "h3", "h4"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener",
    ).strip()
