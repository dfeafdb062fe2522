from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from townsquare.lib.urls import InvalidURL, origin_normalise


class Site(models.Model):
    """A newsroom site whose pages carry Townsquare threads.

    Stories belong to one site and are keyed within it by their page's canonical URL.
    ``allowed_origins`` lists where the site's pages live (``https://news.example.org``); the
    embed and the API (issue 9) will answer and accept writes only from those origins.
    """

    DEFAULT_SLUG = "default"

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=50, unique=True)
    allowed_origins = models.JSONField(
        default=list,
        blank=True,
        help_text="scheme://host[:port] of the pages this site's threads appear on.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        origins = []
        for value in self.allowed_origins or []:
            try:
                origins.append(origin_normalise(str(value)))
            except InvalidURL as exc:
                raise ValidationError({"allowed_origins": str(exc)}) from exc
        self.allowed_origins = list(dict.fromkeys(origins))


def default_site_id() -> int:
    """The primary key of the default site, creating it if it is missing.

    ``Story.site`` defaults to it, so code that creates a story without naming a site (the
    admin, the demo, tests) puts it on the default site. Only the ``pk`` column is read, so this
    also works while old migrations run against an older ``sites_site`` table.
    """
    pk = Site.objects.filter(slug=Site.DEFAULT_SLUG).values_list("pk", flat=True).first()
    if pk is None:
        pk = Site.objects.create(slug=Site.DEFAULT_SLUG, name=settings.SITE_NAME).pk
    return pk
