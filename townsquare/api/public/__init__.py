"""The public API: threads, posting, readers' writes and counts (what embed.js uses, and any
client).

Reads are public and cached like the pages (under the story's thread version, ETag, 304);
writes take the thread token from the thread, the form timestamp from ``POST /api/v1/forms`` and
the device token, never a cookie. Every write goes through the services the pages use
(``comment_post_use_case``, ``report_create``), so it meets the same checks and gets the same
answers.

- ``base``: the router, the page and origin check, tokens and error answers the others share.
- ``threads``: a page of a thread, replies, the live state, new comments by id.
- ``posting``: the reply form and the post.
- ``actions``: report, edit, delete, respect.
- ``counts``: comment counts for many pages.
"""

from townsquare.api.public import actions, counts, posting, threads  # noqa: F401 (they register)
from townsquare.api.public.base import router

__all__ = ["router"]
