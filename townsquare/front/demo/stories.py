"""Load the demo newspaper: original articles, drawn photos, Terms, Guidelines and comments.

Idempotent: stories that already exist are left as they are (an editor may have changed them),
and comments are only added to a demo story that has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from townsquare.comments.models import Comment
from townsquare.comments.services import comment_create, commenter_get_or_create
from townsquare.front.demo import data as demo_data
from townsquare.front.demo.photos import draw_photo
from townsquare.sites.models import Site, default_site_id
from townsquare.stories.models import Story
from townsquare.terms.models import TermsVersion
from townsquare.terms.selectors import terms_current
from townsquare.terms.services import terms_publish


@dataclass
class DemoSummary:
    stories_created: int = 0
    comments_created: int = 0


DEMO_CLOSE_AFTER_DAYS = 30


@transaction.atomic
def demo_load() -> DemoSummary:
    summary = DemoSummary()
    for kind, document in (
        (TermsVersion.Kind.TERMS, demo_data.TERMS),
        (TermsVersion.Kind.GUIDELINES, demo_data.GUIDELINES),
    ):
        if terms_current(kind=kind) is None:
            terms_publish(kind=kind, title=document["title"], body=document["body"])
    # The demo newspaper closes its discussions a month after publication, as many do; each
    # article page says when.
    Site.objects.filter(pk=default_site_id(), close_after_days__isnull=True).update(
        close_after_days=DEMO_CLOSE_AFTER_DAYS
    )
    now = timezone.now()
    for index, article in enumerate(demo_data.ARTICLES):
        story = Story.objects.filter(slug=article["slug"]).first()
        if story is None:
            story = _create_story(
                article, published_at=now - timedelta(days=article["days_ago"], hours=index * 3 + 2)
            )
            summary.stories_created += 1
        if not Comment.objects.filter(story=story).exists():
            summary.comments_created += _create_comments(
                story, demo_data.COMMENTS.get(article["slug"], [])
            )
    return summary


def _create_story(article: dict, *, published_at) -> Story:
    photo = article["photo"]
    story = Story(
        slug=article["slug"],
        headline=article["headline"],
        standfirst=article["standfirst"],
        byline=article["byline"],
        dateline=article["dateline"],
        body="\n\n".join(article["body"]),
        photo_alt=photo["alt"],
        photo_caption=photo["caption"],
        photo_credit=photo["credit"],
        published_at=published_at,
        comments_open=article["comments_open"],
        premoderate=article["premoderate"],
    )
    story.photo.save(f"{article['slug']}.jpg", ContentFile(draw_photo(photo["scene"])), save=False)
    story.save()
    return story


def _create_comments(story: Story, comments: list[dict]) -> int:
    """Write the demo discussion directly: it is our own text, published as of its story's day."""
    terms = terms_current(kind=TermsVersion.Kind.TERMS)
    created = 0
    total = _count(comments)
    # Spread the discussion between publication and now, however recent the story is.
    step = min(timedelta(minutes=23), (timezone.now() - story.published_at) / (total + 2))
    moment = story.published_at + step

    def add(items: list[dict], parent: Comment | None) -> None:
        nonlocal created, moment
        for item in items:
            moment += step
            commenter = commenter_get_or_create(email=item["email"], display_name=item["author"])
            comment = comment_create(
                story=story,
                commenter=commenter,
                author_name=item["author"],
                url=item.get("url", ""),
                body=item["body"],
                parent=parent,
                status=Comment.Status.PUBLISHED,
                terms=terms,
                created_at=moment,
            )
            created += 1
            add(item.get("replies", []), comment)

    add(comments, None)
    return created


def _count(items: list[dict]) -> int:
    return sum(1 + _count(item.get("replies", [])) for item in items)
