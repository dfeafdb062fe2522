"""HTML from other comment systems → Townsquare's comment Markdown source.

Imported comments are stored the way our own are: as Markdown source in ``Comment.body``,
rendered once by ``townsquare.lib.markdown.render_comment`` (markdown-it, raw HTML off, then nh3).
So an imported comment is edited, searched, scored and exported like any other, and there is
one rendering path whatever its origin. This module turns the HTML that Disqus, WordPress,
Remark42 and Commento store into that source:

- paragraphs (``p``, ``div``, headings, ...) become blank-line separated paragraphs; ``br``
  becomes a line break;
- ``strong``/``b`` → ``**…**``, ``em``/``i`` → ``*…*``, ``code`` → backticks, ``blockquote`` →
  ``> …``, ``ul``/``ol``/``li`` → ``-`` / ``1.`` lists;
- ``a href`` → ``[text](url)`` for http, https and mailto links only (anything else, such as
  ``javascript:``, keeps its text and loses the link); ``img`` → a link to the image labelled with
  its alt text (comments show no images);
- ``script``, ``style`` and similar elements are dropped with their content; any other tag is
  dropped and its text kept;
- text is escaped, so that ``*this*`` typed as text on the old site stays literal here instead
  of turning into emphasis.

The output is safe whatever the input, because it is only ever shown through ``render_comment``;
this module's job is fidelity, not safety.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

_DROP_WITH_CONTENT = {
    "script",
    "style",
    "template",
    "noscript",
    "head",
    "title",
    "iframe",
    "object",
    "svg",
    "math",
    "select",
    "textarea",
}
_BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "figure",
    "figcaption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "table",
    "tr",
    "dl",
    "dt",
    "dd",
    "hr",
    "address",
    "center",
}
_STRONG = {"strong", "b"}
_EMPHASIS = {"em", "i", "cite", "var", "dfn"}
_LINK_SCHEMES = {"http", "https", "mailto"}
# Placeholders for an open inline span, replaced when the span closes (never in the output).
_OPEN = {"**": "\x00strong\x00", "*": "\x00em\x00", "`": "\x00code\x00"}
# Characters that mean something anywhere in our Markdown subset.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]&<])")
# What makes a line a list item or a quote when it starts with it.
_LINE_START_SPECIAL = re.compile(r"^(\s*)(?:([>+\-])|(\d{1,9})([.)]))(?=\s|$)")


_SPECIAL_CHARACTERS = "\\`*_[]&<"
_WHITESPACE_RUN = re.compile(r"\s+")
_BLANK_RUN = re.compile(r"[ \t\f\v]+")
_DOUBLE_SPACE = re.compile(r" {2,}")


def _escape_inline(text: str) -> str:
    # Most text has nothing to escape; checking first is several times faster than sub().
    if not any(character in text for character in _SPECIAL_CHARACTERS):
        return text
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def _escape_line_start(line: str) -> str:
    match = _LINE_START_SPECIAL.match(line)
    if not match:
        return line
    if match.group(2):
        return f"{match.group(1)}\\{match.group(2)}{line[match.end() :]}"
    return f"{match.group(1)}{match.group(3)}\\{match.group(4)}{line[match.end() :]}"


def _link_target(url: str) -> str | None:
    url = (url or "").strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if scheme not in _LINK_SCHEMES:
        return None
    # Inside ``(...)`` a space, a parenthesis or an angle bracket would end or break the link.
    return quote(url, safe="/:?#[]@!$&'*+,;=%~.-_")


class _Converter(HTMLParser):
    def __init__(self, *, newlines_are_breaks: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.newlines_are_breaks = newlines_are_breaks
        self.blocks: list[str] = []
        self.inline: list[str] = []
        self.dropping = 0
        self.quote_depth = 0
        self.lists: list[list] = []  # [kind, next number] per open list
        self.links: list[str | None] = []
        self.link_text_start: list[int] = []
        self.code = 0
        self.pre = 0
        self.item_prefix = ""

    # -- blocks ------------------------------------------------------------------------------
    def _at_line_start(self) -> bool:
        for piece in reversed(self.inline):
            if piece:
                return piece.endswith("\n")
        return True

    def _flush(self) -> None:
        text = "".join(self.inline)
        self.inline = []
        lines = [line.strip() for line in text.split("\n")]
        if not self.pre:
            lines = [_DOUBLE_SPACE.sub(" ", line) if "  " in line else line for line in lines]
        paragraphs, current = [], []
        for line in lines:
            if line:
                current.append(line)
            elif current:
                paragraphs.append(current)
                current = []
        if current:
            paragraphs.append(current)
        for number, paragraph in enumerate(paragraphs):
            body = "\n".join(paragraph)
            is_item = bool(self.item_prefix) and number == 0
            if is_item:
                indent = " " * len(self.item_prefix)
                body = self.item_prefix + body.replace("\n", "\n" + indent)
                self.item_prefix = ""
            elif self.lists:
                body = "\n".join("  " * len(self.lists) + line for line in body.split("\n"))
            if self.quote_depth:
                prefix = "> " * self.quote_depth
                body = "\n".join(prefix + line for line in body.split("\n"))
            self.blocks.append((self.quote_depth, is_item, body))

    def _joined(self) -> str:
        """Blocks joined: list items of one list on consecutive lines (a tight list), paragraphs
        of one quote separated by a quoted blank line (one quote, not several)."""
        out: list[str] = []
        previous: tuple[int, bool] | None = None
        for depth, is_item, body in self.blocks:
            if previous is not None:
                if is_item and previous == (depth, True):
                    out.append("\n")
                elif depth and depth == previous[0]:
                    out.append("\n" + ("> " * depth).rstrip() + "\n")
                else:
                    out.append("\n\n")
            out.append(body)
            previous = (depth, is_item)
        return "".join(out)

    # -- parser callbacks --------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.dropping:
            if tag in _DROP_WITH_CONTENT:
                self.dropping += 1
            return
        if tag in _DROP_WITH_CONTENT:
            self.dropping = 1
            return
        attributes = {name: value or "" for name, value in attrs}
        if tag == "br":
            self.inline.append("\n")
        elif tag in _BLOCKS:
            self._flush()
            if tag == "pre":
                self.pre += 1
        elif tag == "blockquote":
            self._flush()
            self.quote_depth += 1
        elif tag in ("ul", "ol"):
            self._flush()
            start = attributes.get("start", "1")
            self.lists.append([tag, int(start) if start.isdigit() else 1])
        elif tag == "li":
            self._flush()
            if self.lists and self.lists[-1][0] == "ol":
                marker = f"{self.lists[-1][1]}. "
                self.lists[-1][1] += 1
            else:
                marker = "- "
            self.item_prefix = "  " * max(0, len(self.lists) - 1) + marker
        elif tag in _STRONG:
            self.inline.append(_OPEN["**"])
        elif tag in _EMPHASIS:
            self.inline.append(_OPEN["*"])
        elif tag == "code" and not self.pre:
            self.code += 1
            self.inline.append(_OPEN["`"])
        elif tag == "a":
            self.links.append(_link_target(attributes.get("href", "")))
            self.link_text_start.append(len(self.inline))
        elif tag == "img":
            target = _link_target(attributes.get("src", ""))
            alt = " ".join(attributes.get("alt", "").split())
            if target:
                self.inline.append(f"[{_escape_inline(alt or 'image')}]({target})")
            elif alt:
                self.inline.append(_escape_inline(alt))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "img", "hr"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag in _DROP_WITH_CONTENT:
                self.dropping -= 1
            return
        if tag in _BLOCKS:
            self._flush()
            if tag == "pre" and self.pre:
                self.pre -= 1
        elif tag == "blockquote":
            self._flush()
            self.quote_depth = max(0, self.quote_depth - 1)
        elif tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
        elif tag == "li":
            self._flush()
        elif tag in _STRONG:
            self._close_span("**")
        elif tag in _EMPHASIS:
            self._close_span("*")
        elif tag == "code" and self.code:
            self.code -= 1
            self._close_span("`")
        elif tag == "a" and self.links:
            target = self.links.pop()
            start = self.link_text_start.pop()
            text = "".join(self.inline[start:]).strip()
            if target:
                del self.inline[start:]
                label = text or _escape_inline(target)
                self.inline.append(f"[{label}]({target})")

    def _close_span(self, marker: str) -> None:
        """Wrap what was written since the matching open tag in ``marker``.

        Whitespace goes outside the markers ("** bold **" would not be bold), and an empty span
        is dropped (an empty "****" would show as asterisks).
        """
        sentinel = _OPEN[marker]
        try:
            start = len(self.inline) - 1 - self.inline[::-1].index(sentinel)
        except ValueError:
            return
        content = "".join(self.inline[start + 1 :])
        del self.inline[start:]
        if marker == "`":
            content = content.replace("\n", " ")
        stripped = content.strip()
        if not stripped:
            self.inline.append(" " if content else "")
            return
        lead = content[: len(content) - len(content.lstrip())]
        trail = content[len(content.rstrip()) :]
        if marker == "`" and "`" in stripped:
            self.inline.append(f"{lead}`` {stripped} ``{trail}")
        else:
            self.inline.append(f"{lead}{marker}{stripped}{marker}{trail}")

    def handle_data(self, data: str) -> None:
        data = data.replace("\x00", "")
        if self.dropping or not data:
            return
        if self.code:
            self.inline.append(data)
            return
        if not (self.newlines_are_breaks or self.pre):
            # Real HTML: any run of whitespace, newlines included, is one space.
            line = _escape_inline(_WHITESPACE_RUN.sub(" ", data))
            if self._at_line_start():
                line = _escape_line_start(line.lstrip())
            self.inline.append(line)
            return
        data = data.replace("\r\n", "\n").replace("\r", "\n")
        for number, line in enumerate(data.split("\n")):
            if number:
                self.inline.append("\n")
            line = _escape_inline(_BLANK_RUN.sub(" ", line))
            if self._at_line_start():
                line = _escape_line_start(line.lstrip())
            self.inline.append(line)

    def finish(self) -> str:
        self.close()
        for marker in ("`", "*", "**"):
            while _OPEN[marker] in self.inline:
                self._close_span(marker)
        self._flush()
        return self._joined()


def html_to_markdown(html: str, *, newlines_are_breaks: bool = False) -> str:
    """Markdown source for our comment renderer that shows what ``html`` showed.

    ``newlines_are_breaks``: WordPress stores comments as text with some inline HTML and turns
    newlines into line breaks and blank lines into paragraphs when it displays them; Disqus,
    Remark42 and Commento store real HTML, where a newline is just a space.
    """
    converter = _Converter(newlines_are_breaks=newlines_are_breaks)
    converter.feed(html or "")
    return converter.finish()
