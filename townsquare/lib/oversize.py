"""Form posts larger than Django reads in memory, answered with the form instead of a bare 400.

Django refuses a url-encoded body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (2.5 MB) with "Bad Request
(400)", and the reader loses what they wrote. This middleware reads such a body as a stream, in
bounded memory, keeping each field cut at a limit (a comment at ``COMMENTS_MAX_LENGTH``
characters, anything else at ``OTHER_FIELD_MAX_CHARACTERS``) and counting how long it really was.
The view then shows the form with the text kept up to the limit and says how long it was.

Bodies over ``MAX_POST_BYTES`` are not read at all: they get a short 413 page.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.datastructures import MultiValueDict

MAX_POST_BYTES = 64 * 1024 * 1024
OTHER_FIELD_MAX_CHARACTERS = 1000
_CHUNK = 64 * 1024
_ATTRIBUTE = "_townsquare_truncated_fields"


def truncated_fields(request: HttpRequest) -> dict[str, int]:
    """{field name: characters it really had} for fields the middleware cut short."""
    return getattr(request, _ATTRIBUTE, {})


class _Field:
    """One ``name=value`` pair being read: the name, the first bytes of the value, its length."""

    def __init__(self) -> None:
        self.name = bytearray()
        self.value = bytearray()  # still percent-encoded
        self.in_value = False
        self.characters = 0
        self._pending = b""  # an incomplete "%X" escape split across chunks

    def feed_value(self, data: bytes, *, keep: int) -> None:
        if len(self.value) < keep:
            self.value += data[: keep - len(self.value)]
        data = self._pending + data
        cut = len(data)
        if data.endswith(b"%"):
            cut -= 1
        elif len(data) >= 2 and data[-2:-1] == b"%":
            cut -= 2
        self._pending = data[cut:]
        decoded = unquote_to_bytes(data[:cut].replace(b"+", b" "))
        # Each UTF-8 character has exactly one byte that is not a continuation byte.
        self.characters += sum(1 for byte in decoded if byte & 0xC0 != 0x80)

    def text(self, *, limit: int) -> tuple[str, str]:
        name = unquote_to_bytes(bytes(self.name).replace(b"+", b" ")).decode("utf-8", "replace")
        kept = bytes(self.value)
        if kept.endswith(b"%"):  # the cut fell inside an escape: drop its first half
            kept = kept[:-1]
        elif kept[-2:-1] == b"%":
            kept = kept[:-2]
        value = unquote_to_bytes(kept.replace(b"+", b" "))
        return name, value.decode("utf-8", "ignore")[:limit]


def _field_limit(name: str) -> int:
    return settings.COMMENTS_MAX_LENGTH if name == "comment" else OTHER_FIELD_MAX_CHARACTERS


def _read_capped(request: HttpRequest, length: int) -> tuple[QueryDict, dict[str, int]]:
    post = QueryDict(mutable=True)
    truncated: dict[str, int] = {}
    # Encoded, one character takes at most 12 bytes (4 UTF-8 bytes, each written as %XX).
    keep_comment = settings.COMMENTS_MAX_LENGTH * 12
    keep_other = OTHER_FIELD_MAX_CHARACTERS * 12
    fields = 0

    def finish(field: _Field) -> None:
        nonlocal fields
        if not field.name and not field.value:
            return
        fields += 1
        if fields > settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:
            return
        field.feed_value(b"", keep=0)
        name, _ = field.text(limit=0)
        limit = _field_limit(name)
        name, value = field.text(limit=limit)
        post.appendlist(name, value)
        if field.characters > limit:
            truncated[name] = field.characters

    field = _Field()
    remaining = length
    while remaining > 0:
        chunk = request.read(min(_CHUNK, remaining))
        if not chunk:
            break
        remaining -= len(chunk)
        for index, part in enumerate(chunk.split(b"&")):
            if index > 0:
                finish(field)
                field = _Field()
            if not field.in_value:
                name, equals, rest = part.partition(b"=")
                field.name += name[:1024]
                if not equals:
                    continue
                field.in_value, part = True, rest
            name = bytes(field.name).decode("latin-1")
            field.feed_value(part, keep=keep_comment if name == "comment" else keep_other)
    finish(field)
    post._mutable = False
    return post, truncated


class OversizeFormMiddleware:
    """Read over-large url-encoded posts in bounded memory (see the module docstring).

    Must come before anything that reads ``request.POST`` (CsrfViewMiddleware does).
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            if limit is not None and length > limit:
                if length > MAX_POST_BYTES:
                    return HttpResponse(
                        "That form post is far too large for us to read "
                        f"(over {MAX_POST_BYTES // (1024 * 1024)} MB).",
                        status=413,
                        content_type="text/plain; charset=utf-8",
                    )
                post, truncated = _read_capped(request, length)
                request._post, request._files = post, MultiValueDict()
                setattr(request, _ATTRIBUTE, truncated)
        return self.get_response(request)
