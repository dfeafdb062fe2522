"""The URL set of a scorer-only deployment (``TOWNSQUARE_ONLY=scoring``): the scoring endpoints
and the admin (keys, the sites' opt-ins, the dashboard), nothing a reader could visit.

Coral's external moderation phase (the ``coral`` app) is served here too, so one scorer-only
deployment answers both of Coral's routes (docs/coral.md).
"""

from django.contrib import admin
from django.urls import include, path

from townsquare.accounts.views import StaffLoginView


class ScorerLoginView(StaffLoginView):
    """The same throttled sign-in, in the admin's own page (no reader pages to link to)."""

    template_name = "admin/login.html"
    next_page = "/admin/"

    def get_context_data(self, **kwargs):
        return {**admin.site.each_context(self.request), **super().get_context_data(**kwargs)}


urlpatterns = [
    path("admin/login/", ScorerLoginView.as_view(), name="admin_login"),
    path("admin/", admin.site.urls),
    path("perspective/", include("townsquare.scoring.urls")),
    path("integrations/coral/", include("townsquare.coral.urls")),
]
