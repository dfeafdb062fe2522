"""Comments: the data, how it is written, and how threads are read and shown.

- ``models``: Commenter (a claimed email address), Comment (threading, status, scores, counters).
- ``services``: the rules for a comment's fields (``comment_fields_clean``), writing a comment
  (``comment_create``), the commenter record, and keeping each story's counters and thread
  version in step with every change (``comment_status_changed``, ``thread_changed``).
- ``selectors``: threads, keyset-paginated (``thread_for_story``, ``thread_replies``), and where
  a comment is shown (``comment_thread_url``).
- ``forms``: the reply form (WordPress field names); ``session``/``remember``: what belongs to
  one viewer (their own pending comments, the remember-me cookie).
- ``views``/``urls``: the article page's plain forms for readers without JavaScript (post,
  edit, delete, respect; the script uses the public API), the replies page and the avatars.
  The admin pages (read-only records, decisions as actions) are ``front.admin.comments``.

Depends on ``stories``, ``terms`` and ``lib``; never on ``moderation`` (tests/test_layers.py).
"""
