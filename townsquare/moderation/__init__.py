"""Policy pipeline, moderators' queue, reports, bans and audit."""
