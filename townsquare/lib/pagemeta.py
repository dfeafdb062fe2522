"""A page's own title and date, read from its HTML: ``og:title``, ``<title>``,
``article:published_time``. Framework-free; the fetch is bounded in time and size."""

from __future__ import annotations

import urllib.request
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser

READ_BYTES = 512 * 1024  # the <head> is at the start; nobody needs the whole page
USER_AGENT = "Townsquare-Metadata/1"


@dataclass(frozen=True)
class PageMeta:
    title: str = ""
    published_at: datetime | None = None


class _HeadParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            name = (values.get("property") or values.get("name") or "").lower()
            if name and name not in self.meta:
                self.meta[name] = values.get("content", "")
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data) -> None:
        if self._in_title:
            self.title += data


def page_meta_parse(html: str) -> PageMeta:
    parser = _HeadParser()
    parser.feed(html)
    title = parser.meta.get("og:title") or parser.title
    published = None
    raw = parser.meta.get("article:published_time", "")
    try:
        published = datetime.fromisoformat(raw.replace("Z", "+00:00")) if raw else None
    except ValueError:
        published = None
    if published is not None and published.tzinfo is None:
        published = None
    return PageMeta(title=" ".join(title.split()), published_at=published)


def page_meta_fetch(url: str, *, timeout: float) -> PageMeta:
    """Fetch ``url`` (http/https only) and read its metadata; raises ``OSError`` on failure."""
    if not url.lower().startswith(("http://", "https://")):
        raise OSError(f"not an http(s) URL: {url[:100]!r}")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        charset = response.headers.get_content_charset() or "utf-8"
        body = response.read(READ_BYTES)
    return page_meta_parse(body.decode(charset, errors="replace"))
