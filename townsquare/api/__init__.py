"""The JSON API (django-ninja): versioned under /api/v1/, OpenAPI at /api/openapi.json, docs at
/api/docs. The JSON surface only: no models of its own; every endpoint calls the services.

- ``main``: the API, its error answers (always JSON with a ``field`` and a ``message``).
- ``schemas``: request and response shapes (they are the OpenAPI schema).
- ``public``: threads, posting, reports and counts, for the embed and any client; CORS for
  the sites' allowed origins only (``middleware``).
- ``staff``: the moderation queue, decisions and sanctions, with a staff API token.
- ``sso``: signing in with the newsroom's token (a reader session) and signing out.
- ``middleware``: body size bound, CORS preflight and headers, JSON for Django's own errors.
"""
