"""Write-side services for stories.

A story's ``ad_html`` is inserted into the article page as raw HTML, unescaped, because
advertising networks deliver their slots as markup and scripts. Whoever can set it can run
script on every reader's page, under the site's origin; so only a superuser may set or change
it, like the site-wide ``AD_HTML`` that comes from the operator's environment. Everyone else who
may edit stories (the Administrator group) edits the rest of the story and leaves that field as
it is. Sanitising the markup instead was rejected: an allow-list that keeps an ad network's tag
working keeps its script, and one that removes script breaks the tag.
"""

from __future__ import annotations

from django.db import transaction

from townsquare.stories.models import Story


class StoryRefused(Exception):
    """A story change that the acting user may not make; ``message`` says why."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def story_may_set_ad_html(*, actor) -> bool:
    """Whether ``actor`` may set raw advertising HTML: superusers only (see the module)."""
    return bool(getattr(actor, "is_superuser", False) and getattr(actor, "is_active", False))


@transaction.atomic
def story_save(*, story: Story, actor) -> Story:
    """Create or update ``story`` as edited by ``actor``.

    Raises ``StoryRefused`` when the advertising HTML differs from what is stored (or is set on a
    new story) and ``actor`` is not a superuser; nothing is saved then.
    """
    stored = (
        Story.objects.select_for_update().filter(pk=story.pk).values_list("ad_html", flat=True)
        if story.pk
        else []
    )
    stored_ad_html = next(iter(stored), "")
    if story.ad_html != stored_ad_html and not story_may_set_ad_html(actor=actor):
        raise StoryRefused(
            "Only a superuser can change a story's advertising HTML: it runs as script on "
            "every reader's page.",
            field="ad_html",
        )
    story.save()
    return story
