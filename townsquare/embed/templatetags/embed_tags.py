from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import dateformat, timezone
from django.utils.formats import date_format

register = template.Library()


@register.filter
def as_datetime(value: str) -> datetime | None:
    """An ISO 8601 time from the thread's data, in the site's time zone."""
    try:
        return timezone.localtime(datetime.fromisoformat(value))
    except (TypeError, ValueError):
        return None


def _shown(value: datetime | None, format_name: str) -> str:
    if not isinstance(value, datetime):
        return ""
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    # The language's own format (docs/translating.md), then the zone: readers of one site live
    # in several, and a comment's time without it is a guess.
    return f"{date_format(value, format_name)} {dateformat.format(value, 'T')}"


@register.filter
def datetime_shown(value: datetime | None) -> str:
    """A date and time as readers see it: the language's ``DATETIME_FORMAT`` and the zone."""
    return _shown(value, "DATETIME_FORMAT")


@register.filter
def time_shown(value: datetime | None) -> str:
    """A time of day as readers see it: the language's ``TIME_FORMAT`` and the zone."""
    return _shown(value, "TIME_FORMAT")
