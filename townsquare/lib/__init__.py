"""Helpers that know no app of ours: request identity (``client``), caching headers and the
shared page cache (``http_cache``), database locks (``locks``), rates per client (``ratelimit``),
log filters (``logs``), Markdown, text matching, URLs, environment settings, CSP and proxy checks,
over-large form posts. Imports nothing from the apps.
"""
