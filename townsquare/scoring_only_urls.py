"""The URL set of a scorer-only deployment (``TOWNSQUARE_ONLY=scoring``): the scoring endpoints
and the admin (keys, the sites' opt-ins, the dashboard), nothing a reader could visit.

Coral's external moderation phase (the ``coral`` app) is served here too, so one scorer-only
deployment answers both of Coral's routes (docs/coral.md). Beside ``townsquare.urls`` (the whole
site), as the settings choose one or the other (``TOWNSQUARE_ONLY``).
"""

from django.contrib import admin
from django.urls import include, path

from townsquare.front.views.accounts import ScorerLoginView

urlpatterns = [
    path("admin/login/", ScorerLoginView.as_view(), name="admin_login"),
    path("admin/", admin.site.urls),
    path("perspective/", include("townsquare.scoring.urls")),
    path("integrations/coral/", include("townsquare.coral.urls")),
]
