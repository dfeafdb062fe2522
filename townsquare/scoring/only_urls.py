"""The URL set of a scorer-only deployment (``TOWNSQUARE_ONLY=scoring``): the scoring endpoints
and the admin (keys, the sites' opt-ins, the dashboard), nothing a reader could visit.

The Coral moderation phase joins it with one line, once its app exists:
``path("integrations/coral/", include("townsquare.coral.urls")),``
"""

from django.contrib import admin
from django.urls import include, path

from townsquare.accounts.views import StaffLoginView

urlpatterns = [
    path("admin/login/", StaffLoginView.as_view(), name="admin_login"),
    path("admin/", admin.site.urls),
    path("perspective/", include("townsquare.scoring.urls")),
]
