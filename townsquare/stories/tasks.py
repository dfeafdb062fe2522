"""Background tasks for stories: thin (fetch by id, call the service)."""

from __future__ import annotations

from django_tasks import task

from townsquare.stories.services import story_metadata_refresh


@task()
def story_metadata_task(*, story_id: int) -> bool:
    """Take a CMS page's headline and date from the page itself (a site's "fetch metadata")."""
    return story_metadata_refresh(story_id=story_id)
