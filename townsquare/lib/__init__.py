"""Helpers that know no app of ours: request identity (``client``), caching headers and the
shared page cache (``http_cache``), database locks (``locks``), Markdown, text matching, URLs,
environment settings, CSP and proxy checks, over-large form posts. Imports nothing from the apps.
"""
