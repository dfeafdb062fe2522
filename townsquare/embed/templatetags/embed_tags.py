from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def as_datetime(value: str) -> datetime | None:
    """An ISO 8601 time from the thread's data, in the site's time zone."""
    try:
        return timezone.localtime(datetime.fromisoformat(value))
    except (TypeError, ValueError):
        return None
