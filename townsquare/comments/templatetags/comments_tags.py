from __future__ import annotations

import re
from datetime import datetime

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()
_HEX = re.compile(r"[0-9a-f]{32}")


@register.simple_tag
def identicon(avatar_key: str, size: int = 40, base: str = "") -> SafeString:
    """The commenter's identicon as an image the browser (and any cache) keeps for good.

    An <img> of /avatars/<key>.svg rather than the SVG inline: the drawing is the same on every
    page a commenter appears on, and inlined it was half of a thread page's bytes. ``base``
    (the embed passes SITE_URL) makes the address absolute: on a newsroom's page a site-relative
    one would load from the newsroom's domain and break.
    """
    key = avatar_key if _HEX.fullmatch(avatar_key or "") else "0" * 32
    return format_html(
        '<img class="avatar" src="{}" width="{}" height="{}" alt="" loading="lazy">',
        base.rstrip("/") + reverse("comments:avatar", kwargs={"key": key}),
        size,
        size,
    )


@register.filter
def iso_seconds(value: datetime | None) -> str:
    """ISO 8601 to the second in the current time zone ("2026-12-02T18:01:30+00:00"): what a
    <time datetime> needs, without the microseconds `date:'c'` writes (13 bytes a timestamp,
    repeated for every comment on a thread page)."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()
