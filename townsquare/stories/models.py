from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from townsquare.sites.models import Commenting, default_site_id


@dataclass(frozen=True)
class CommentingRule:
    """Who may comment on a story (a ``sites.models.Commenting`` value), the badge that makes a
    subscriber, and where to subscribe or sign in (may be empty)."""

    who: str
    badge: str
    url: str

    @property
    def message(self) -> str:
        """What a reader who may not comment is told (also shown before they type)."""
        text = {
            Commenting.ANYONE: "",
            Commenting.VERIFIED: "Only verified readers comment here: verify your e-mail "
            "address or sign in first.",
            Commenting.SIGNED_IN: "Only readers signed in with their account comment here.",
            Commenting.SUBSCRIBERS: "Subscribers comment here.",
        }.get(self.who, "")
        if text and self.url:
            verb = "Subscribe" if self.who == Commenting.SUBSCRIBERS else "Sign in"
            text += f" {verb} at {self.url}"
        return text

    def as_json(self) -> dict[str, str]:
        return {"who": self.who, "badge": self.badge, "url": self.url, "message": self.message}


class StoryQuerySet(models.QuerySet["Story"]):
    def published(self) -> StoryQuerySet:
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())


class Story(models.Model):
    """A newspaper article and the settings of the discussion under it.

    A story is hosted here (headline, body, photo) or lives on a page of the site's CMS, where it
    is known by ``canonical_url`` (see ``townsquare.lib.urls.canonical_url`` for the spelling rule
    and ``stories.selectors.story_for_canonical_url`` to find one).
    """

    site = models.ForeignKey(
        "sites.Site", on_delete=models.PROTECT, related_name="stories", default=default_site_id
    )
    canonical_url = models.CharField(
        max_length=500,
        blank=True,
        default="",
        help_text="The canonical URL of the article's page, when it lives on the site's CMS.",
    )
    slug = models.SlugField(max_length=120, unique=True)
    headline = models.CharField(max_length=200)
    standfirst = models.CharField(
        max_length=400, blank=True, help_text="One or two sentences under the headline."
    )
    byline = models.CharField(max_length=200, blank=True, help_text="e.g. 'By Maren Okafor'")
    dateline = models.CharField(
        max_length=120,
        blank=True,
        help_text="Place the story was filed from, e.g. 'WILMINGTON, Del.'",
    )
    body = models.TextField(
        blank=True,
        help_text="Paragraphs separated by a blank line; empty when the article lives on the "
        "site's CMS (canonical URL).",
    )
    photo = models.ImageField(upload_to="stories/%Y/%m/", blank=True)
    photo_alt = models.CharField(max_length=300, blank=True, help_text="Describes the photo.")
    photo_caption = models.CharField(max_length=400, blank=True)
    photo_credit = models.CharField(max_length=200, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    metadata_confirmed = models.BooleanField(
        "headline confirmed",
        default=True,
        help_text="Off for a story made by the first view of a page: its headline and date are "
        "what a reader's browser sent, a claim anyone can make. Until the page's own metadata "
        "is fetched or an editor ticks this, the story stays off the front page and its "
        "discussion page is headed by its address.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    comments_open = models.BooleanField(
        default=True, help_text="Off closes the discussion now, whatever the closing date."
    )
    close_after_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Close comments this many days after publication (0: never); empty uses the "
        "site's setting.",
    )
    premoderate = models.BooleanField(
        default=False, help_text="Hold every comment on this story for a moderator."
    )
    commenting = models.CharField(
        max_length=20,
        choices=Commenting.choices,
        blank=True,
        help_text="Who may comment on this story; empty uses the site's setting.",
    )
    language = models.CharField(
        "interface language",
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text="The language of this story's thread, forms and e-mails; empty uses the site's.",
    )

    ad_enabled = models.BooleanField(default=True, help_text="Show the advertising slot.")
    ad_after_paragraph = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Insert the advertising slot after this paragraph; empty uses the site default.",
    )
    ad_html = models.TextField(
        blank=True, help_text="Advertising HTML for this story; empty uses the site's."
    )

    # Kept by the comment services in the same transaction as each change, so pages read them
    # with the story itself instead of counting comments.
    comment_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Published comments."
    )
    thread_version = models.PositiveBigIntegerField(
        default=0,
        editable=False,
        help_text="Goes up whenever the public thread changes; names the cached thread.",
    )
    thread_changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]
        verbose_name_plural = "stories"
        constraints = [
            models.UniqueConstraint(
                fields=["site", "canonical_url"],
                condition=~Q(canonical_url=""),
                name="story_canonical_url_per_site",
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("stories:detail", kwargs={"slug": self.slug})

    @property
    def headline_shown(self) -> str:
        """The headline as readers see it on our pages: a claimed one is never shown as ours.

        A story made by a page's first view has the title a browser sent (``metadata_confirmed``
        off); until the page itself or an editor confirms it, our pages name it by its address.
        """
        if self.metadata_confirmed or not self.canonical_url:
            return self.headline
        return "Comments on " + self.canonical_url.split("://", 1)[-1]

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.replace("\r\n", "\n").split("\n\n") if p.strip()]

    @property
    def comments_close_at(self) -> datetime | None:
        """When the discussion closes by itself, or None when it stays open (see ``close_days``)."""
        days = self.close_after_days
        if days is None:
            days = self.site.close_days
        if not days or self.published_at is None:
            return None
        return self.published_at + timedelta(days=days)

    def accepting_comments(self, *, now: datetime | None = None) -> bool:
        """Whether readers may comment now: open, and not past its closing date."""
        if not self.comments_open:
            return False
        close_at = self.comments_close_at
        return close_at is None or (now or timezone.now()) < close_at

    @property
    def commenting_rule(self) -> CommentingRule:
        """Who may comment here: the story's own choice, else its site's (docs/identity.md)."""
        site = self.site
        return CommentingRule(
            who=self.commenting or site.commenting,
            badge=site.subscriber_badge,
            url=site.commenting_url,
        )

    def cache_marks(self) -> tuple[object, ...]:
        """What a cached page or answer about this story's thread must be keyed on, besides
        its own query: the thread's version, the story's last edit (headline, a closed switch)
        and whether it takes comments now (it closes by itself at ``comments_close_at``), and who
        may comment (the site's rule changes without the story)."""
        rule = self.commenting_rule
        return (
            self.pk,
            self.thread_version,
            self.updated_at,
            self.accepting_comments(),
            rule.who,
            rule.badge,
            rule.url,
        )

    @property
    def ad_position(self) -> int | None:
        """The paragraph after which the ad goes, or None when the slot is off."""
        if not self.ad_enabled:
            return None
        position = (
            self.ad_after_paragraph
            if self.ad_after_paragraph is not None
            else settings.AD_AFTER_PARAGRAPH
        )
        return position or None
