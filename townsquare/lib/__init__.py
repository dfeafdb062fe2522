"""Helpers that know no app of ours: request identity (``client``), caching headers and the shared
page cache (``http_cache``), database locks (``locks``), rates per client (``ratelimit``), log
filters (``logs``), Markdown, text matching, URLs, environment settings, CSP and proxy checks,
over-large form posts, the database check of management commands (``commands``), ``serve``'s
gunicorn logger (``serverlog``), the public-address check for outgoing requests (``addresses``),
the JSON error shape of our machine endpoints (``apierrors``), and the registries the apps listen
through (``events``: what happened, told on commit; ``periodic``: the jobs ``townsquare worker``
enqueues). Imports nothing from the apps.
"""
