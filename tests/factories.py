"""Test data builders. Each returns a saved object with sensible defaults; pass what matters."""

from __future__ import annotations

import itertools
from datetime import timedelta

from django.utils import timezone

from townsquare.comments.models import Comment, Commenter
from townsquare.comments.services import comment_create, commenter_get_or_create
from townsquare.sites.models import Site
from townsquare.stories.models import Story
from townsquare.terms.models import TermsVersion
from townsquare.terms.services import terms_publish

_counter = itertools.count(1)


def make_story(**fields) -> Story:
    n = next(_counter)
    defaults = {
        "slug": f"story-{n}",
        "headline": f"Council debates harbour plan, part {n}",
        "standfirst": "Residents packed the hall for a three-hour session.",
        "byline": "By Test Reporter",
        "dateline": "PORT CALLOW, Me.",
        "body": "\n\n".join(f"Paragraph {i} of the story." for i in range(1, 7)),
        "published_at": timezone.now() - timedelta(hours=1),
    }
    defaults.update(fields)
    return Story.objects.create(**defaults)


def make_site(*, origins: list[str] | None = None, **fields) -> Site:
    """A newsroom site whose pages live on ``origins`` (default: one made-up origin)."""
    n = next(_counter)
    site = Site(
        name=fields.pop("name", f"Gazette {n}"),
        slug=fields.pop("slug", f"gazette-{n}"),
        allowed_origins=origins if origins is not None else [f"https://gazette{n}.example"],
        **fields,
    )
    site.full_clean()
    site.save()
    return site


def make_commenter(*, email: str | None = None, name: str = "Ada Reader") -> Commenter:
    return commenter_get_or_create(
        email=email or f"reader{next(_counter)}@example.com", display_name=name
    )


def make_comment(
    *,
    story: Story,
    body: str = "A thoughtful comment.",
    parent: Comment | None = None,
    status: str = Comment.Status.PUBLISHED,
    commenter: Commenter | None = None,
    author_name: str = "Ada Reader",
) -> Comment:
    return comment_create(
        story=story,
        commenter=commenter or make_commenter(name=author_name),
        author_name=author_name,
        body=body,
        parent=parent,
        status=status,
    )


def make_terms(kind: str = TermsVersion.Kind.TERMS) -> TermsVersion:
    return terms_publish(kind=kind, title=f"{kind.title()} document", body="Be *kind*.")
