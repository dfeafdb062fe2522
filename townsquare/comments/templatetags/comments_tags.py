from __future__ import annotations

import re

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()
_HEX = re.compile(r"[0-9a-f]{32}")


@register.simple_tag
def identicon(avatar_key: str, size: int = 40) -> SafeString:
    """The commenter's identicon as an image the browser (and any cache) keeps for good.

    An <img> of /avatars/<key>.svg rather than the SVG inline: the drawing is the same on every
    page a commenter appears on, and inlined it was half of a thread page's bytes.
    """
    key = avatar_key if _HEX.fullmatch(avatar_key or "") else "0" * 32
    return format_html(
        '<img class="avatar" src="{}" width="{}" height="{}" alt="" loading="lazy">',
        reverse("comments:avatar", kwargs={"key": key}),
        size,
        size,
    )
