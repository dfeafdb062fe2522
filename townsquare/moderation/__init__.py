"""Moderation: the policy every comment passes, the moderators' queue, reports and sanctions.

- ``pipeline``: the ordered checks and their markers; ``posting``: ``comment_submit``, the flow
  from a reader's form to the row (asks the pipeline, nudges, writes through ``comments``).
- ``services``: moderators' decisions on comments and commenters, always audited.
- ``queue``: tabs, counts, search, order and cards; ``commenters``: a commenter's record;
  ``sanctions``: sanctions in force and ban evasion; ``policy``: the site's policy row and word
  lists; ``rules``: shared reasons and status sets; ``permissions``: who moderates, and the
  access-checked fetchers every view uses.
- ``reporting``: reader reports and the moderators' mail; ``notifications``/``tasks``: mail to
  commenters, sent as tasks; ``retention``: raw IP expiry; ``learning``: decisions as training
  examples for ``civility learn``.
- The queue's pages, the report form and the admin are in ``front`` (``views.moderation``,
  ``views.reports``, ``admin.moderation``).

Depends on ``comments``, ``stories``, ``terms``, ``civility`` and ``lib``.
"""
