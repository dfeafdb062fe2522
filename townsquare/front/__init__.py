"""The web interface: the HTML views and their URLs, the admin pages and the demo, on top of the
domain apps. No models of its own; every view, admin action and command calls the domain apps'
services and selectors, so it may import any app, and no app imports it.

- ``views/`` and ``urls/``: one module each for the moderators' queue (``moderation``), readers'
  reports (``reports``), readers' accounts and data rights (``readers``), reply-mail
  unsubscribing (``notifications``), the Terms and Guidelines (``terms``) and staff sign-in
  (``accounts``); each URL set keeps its namespace (``moderation:queue``, ``readers:verify``).
- ``admin/``: the admin pages, one module per domain app whose models they show.
- ``demo/``: the demo site's stories, comments, pictures and staff account (``townsquare demo``).
- ``management/commands``: ``demo``, ``serve`` (gunicorn) and ``worker`` (tasks and periodic
  jobs).
"""
