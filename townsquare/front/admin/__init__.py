"""The admin pages, one module per domain app whose models they show.

Django's admin autodiscovery imports ``townsquare.front.admin``, so every module is imported here
for its ``admin.register`` calls.
"""

from townsquare.front.admin import (  # noqa: F401
    accounts,
    comments,
    coral,
    moderation,
    readers,
    scoring,
    sites,
    stories,
    terms,
    webhooks,
)
