"""Load benchmark stories into a Townsquare site through the product's own services.

Run by the benches with Django set up for the bench's site (like ``townsquare shell``):

    python bench/seed_townsquare.py PLAN.json

PLAN.json is ``{"stories": [{"slug", "headline", "comments": [{author, email, text, parent}]}]}``
with ``parent`` the index of an earlier comment of the same story. Every comment is written by
``comment_create`` — the path imports and the demo use: the body is checked and rendered once,
as for a posted comment — as a published comment, one second apart in the past so the thread's
order is the plan's order. The moderation pipeline is skipped on purpose (the read benches measure
reading; the civility model would nudge some texts out of the thread); post_bench.py measures it.
A reply to a comment at the deepest level attaches beside it, as ``comment_submit`` does.

Prints one JSON line per story: its slug, the comments written and the count the page shows.
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path

import django


def main(plan_path: str) -> None:
    django.setup()
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone
    from tqdm import tqdm

    from townsquare.comments.models import Comment
    from townsquare.comments.selectors import comment_count_for_story
    from townsquare.comments.services import comment_create, commenter_get_or_create
    from townsquare.stories.models import Story

    plan = json.loads(Path(plan_path).read_text())
    deepest = settings.COMMENTS_MAX_DEPTH - 1
    for entry in plan["stories"]:
        comments = entry["comments"]
        start = timezone.now() - timedelta(seconds=len(comments) + 3600)
        story = Story.objects.create(
            slug=entry["slug"],
            headline=entry["headline"],
            standfirst="Figures for the benchmark story.",
            byline="By the Bench Desk",
            body=entry.get("body") or "One paragraph.",
            published_at=start - timedelta(hours=1),
        )
        commenters = {}
        written: list[Comment] = []
        with transaction.atomic():
            for index, planned in enumerate(tqdm(comments, desc=entry["slug"], unit="comment")):
                email = planned["email"]
                if email not in commenters:
                    commenters[email] = commenter_get_or_create(
                        email=email, display_name=planned["author"]
                    )
                answered = written[planned["parent"]] if planned["parent"] is not None else None
                parent = answered
                if answered is not None and answered.depth >= deepest:
                    parent = answered.parent
                written.append(
                    comment_create(
                        story=story,
                        commenter=commenters[email],
                        author_name=planned["author"],
                        body=planned["text"],
                        parent=parent,
                        reply_to=answered,
                        status=Comment.Status.PUBLISHED,
                        created_at=start + timedelta(seconds=index),
                    )
                )
        story.refresh_from_db()  # the counters moved in the database, not on this object
        print(
            json.dumps(
                {
                    "slug": story.slug,
                    "written": len(written),
                    "replies": sum(1 for c in written if c.parent_id),
                    "count_shown": comment_count_for_story(story=story),
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv[1])
