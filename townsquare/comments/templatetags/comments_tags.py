from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from townsquare.lib.identity import identicon_svg

register = template.Library()


@register.simple_tag
def identicon(avatar_key: str, size: int = 40) -> SafeString:
    # Built only from hex digits and numbers, so the markup carries no user input.
    return mark_safe(identicon_svg(avatar_key or "0", size=size))
