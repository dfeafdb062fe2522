from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_supported_language_variant

from townsquare.lib.urls import InvalidURL, origin_normalise

# The moderation settings a site may set for itself; empty (None) means "as the site-wide
# moderation policy says". The names are the policy's own (moderation.models.ModerationPolicy).
MODERATION_SETTINGS = (
    "nudge_threshold",
    "hold_threshold",
    "reject_threshold",
    "max_links",
    "premoderate_all",
    "premoderate_new_below",
    "report_hide_threshold",
    "notify_rejections",
)


def installation_language() -> str:
    """The shipped interface language nearest the installation's LANGUAGE_CODE (``en-gb``).

    A new site's language, until an editor picks another (docs/translating.md).
    """
    return get_supported_language_variant(settings.LANGUAGE_CODE)


class UnscoredLanguageRule(models.TextChoices):
    """What happens to a comment in a language the civility model does not score."""

    HOLD = "hold", "Hold it for a moderator"
    PUBLISH = "publish", "Publish it unscored (the other checks still apply)"
    PREMODERATE_STORY = "premoderate_story", "Hold it, and pre-moderate its story from then on"


class Commenting(models.TextChoices):
    """Who may comment on a story (``Site.commenting``, overridable per story); anyone may read.

    ``signed_in`` means signed in with the newsroom's own account (single sign-on), and
    ``subscribers`` signed in with the site's subscriber badge (``Site.subscriber_badge``).
    """

    ANYONE = "anyone", "Anyone (name and e-mail address)"
    VERIFIED = "verified", "Verified readers only (e-mailed link or single sign-on)"
    SIGNED_IN = "signed_in", "Readers signed in with the newsroom's account only"
    SUBSCRIBERS = "subscribers", "Subscribers only (signed in, with the subscriber badge)"


class Site(models.Model):
    """A newsroom site whose pages carry Townsquare threads.

    Stories belong to one site and are keyed within it by their page's canonical URL.
    ``allowed_origins`` lists where the site's pages live (``https://news.example.org``): the
    embed and the API answer such pages' scripts, and accept writes, only from those origins,
    and an origin belongs to one site at most. The moderation settings, when set, replace the
    site-wide policy's for this site's stories (``moderation.policy.policy_for_site``).
    """

    DEFAULT_SLUG = "default"

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=50, unique=True)
    allowed_origins = models.JSONField(
        default=list,
        blank=True,
        help_text="scheme://host[:port] of the pages this site's threads appear on.",
    )
    stories_on_first_view = models.BooleanField(
        default=True,
        help_text="Create a story the first time one of the site's pages shows its thread. "
        "Off: only stories made by an editor (or an import) have threads.",
    )
    fetch_metadata = models.BooleanField(
        default=False,
        help_text="When a story is created from a page, fetch the page from here and take its "
        "headline and date from the page's own title and og: tags instead of what the "
        "reader's browser sent.",
    )
    front_page_lists_pages = models.BooleanField(
        "list its pages' stories on the front page",
        default=False,
        help_text="Also list this site's stories that live on its own pages (by canonical URL) "
        "on Townsquare's front page, once their headline is confirmed. Off: the front page "
        "lists the articles hosted here only.",
    )

    # Per-site moderation settings; empty = the site-wide moderation policy's value.
    nudge_threshold = models.FloatField(null=True, blank=True)
    hold_threshold = models.FloatField(null=True, blank=True)
    reject_threshold = models.FloatField(null=True, blank=True)
    max_links = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Hold a comment with more links than this."
    )
    premoderate_all = models.BooleanField(
        null=True, blank=True, help_text="Hold every comment on this site's stories."
    )
    premoderate_new_below = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Hold comments from commenters with fewer approved comments (0: off).",
    )
    report_hide_threshold = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Hide a comment pending review at this many independent reports (0: never).",
    )
    notify_rejections = models.BooleanField(
        null=True, blank=True, help_text="E-mail authors the reason for a rejection."
    )
    # Not a site-wide policy value: holding is the safe answer for any newsroom, and a site that
    # trusts its readers in other languages says so for itself.
    unscored_language_rule = models.CharField(
        "comments in a language the civility model does not score",
        max_length=20,
        choices=UnscoredLanguageRule.choices,
        default=UnscoredLanguageRule.HOLD,
        help_text="The model scores English only; a comment detected as, say, Spanish is never "
        "scored and meets this rule instead.",
    )

    # Discussion settings; empty = the settings default (COMMENTS_EDIT_MINUTES,
    # COMMENTS_CLOSE_AFTER_DAYS).
    edit_window_minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Minutes in which authors may edit their comment (0: no editing).",
    )
    close_after_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Close comments this many days after a story is published (0: never).",
    )
    # Who may comment (docs/identity.md); a story may say otherwise (Story.commenting).
    commenting = models.CharField(
        max_length=20,
        choices=Commenting.choices,
        default=Commenting.ANYONE,
        help_text="Who may comment on the site's stories; everyone may read.",
    )
    subscriber_badge = models.CharField(
        max_length=40,
        default="subscriber",
        help_text="The badge in a sign-on token that makes its reader a subscriber.",
    )
    commenting_url = models.URLField(
        max_length=300,
        blank=True,
        help_text="Where a reader who may not comment can subscribe or sign in.",
    )
    # The language its readers and moderators see (docs/translating.md); a story may say
    # otherwise (Story.language), and so may the embed's lang option.
    language = models.CharField(
        "interface language",
        max_length=10,
        choices=settings.LANGUAGES,
        default=installation_language,
        help_text="The language of the thread, its forms, messages and e-mails for this site's "
        "readers. Shipped: English, Spanish, French, German, Portuguese.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(nudge_threshold__isnull=True)
                    | Q(nudge_threshold__gte=0, nudge_threshold__lte=1)
                )
                & (Q(hold_threshold__isnull=True) | Q(hold_threshold__gte=0, hold_threshold__lte=1))
                & (
                    Q(reject_threshold__isnull=True)
                    | Q(reject_threshold__gte=0, reject_threshold__lte=1)
                ),
                name="site_thresholds_between_0_and_1",
            ),
        ]

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
        taken = [
            origin
            for other in Site.objects.exclude(pk=self.pk).only("allowed_origins")
            for origin in other.allowed_origins or []
            if origin in self.allowed_origins
        ]
        if taken:
            # The origin a page lives on names its site; two sites on one origin would make a
            # page's thread ambiguous.
            raise ValidationError(
                {"allowed_origins": f"Already an allowed origin of another site: {taken[0]}"}
            )
        set_thresholds = [
            getattr(self, name)
            for name in ("nudge_threshold", "hold_threshold", "reject_threshold")
            if getattr(self, name) is not None
        ]
        if set_thresholds != sorted(set_thresholds):
            raise ValidationError(
                {"hold_threshold": "Thresholds must go up: nudge ≤ hold ≤ reject."}
            )

    @property
    def moderation_overrides(self) -> dict[str, object]:
        """The moderation settings this site sets for itself (name → value)."""
        return {
            name: getattr(self, name)
            for name in MODERATION_SETTINGS
            if getattr(self, name) is not None
        }

    @property
    def edit_minutes(self) -> int:
        """Minutes in which an author may edit their comment (0: editing is off)."""
        if self.edit_window_minutes is not None:
            return self.edit_window_minutes
        return settings.COMMENTS_EDIT_MINUTES

    @property
    def close_days(self) -> int:
        """Days after publication at which a story's comments close (0: never)."""
        if self.close_after_days is not None:
            return self.close_after_days
        return settings.COMMENTS_CLOSE_AFTER_DAYS


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
