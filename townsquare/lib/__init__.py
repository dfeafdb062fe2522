"""Helpers that know no app of ours: request identity (``client``), caching headers and the
shared page cache (``http_cache``), database locks (``locks``), Markdown, text matching, URLs,
environment settings, CSP and proxy checks, over-large form posts, the database check of
management commands (``commands``) and ``serve``'s gunicorn logger (``serverlog``). Imports
nothing from the apps.
"""
