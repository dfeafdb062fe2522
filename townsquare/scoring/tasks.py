"""Background work for the scoring app: thin wrappers around its services."""

from __future__ import annotations

from django_tasks import task

from townsquare.scoring.services import analysis_calls_expire


@task()
def analysis_calls_expire_task() -> int:
    """Daily (ScoringConfig.ready() registers it): drop calls past SCORING_CALLS_KEEP_DAYS."""
    return analysis_calls_expire()
