from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from townsquare.api.main import api
from townsquare.front.views.accounts import StaffLoginView

urlpatterns = [
    # The admin's own sign-in goes through the same throttled view as /accounts/login/.
    path("admin/login/", StaffLoginView.as_view(), name="admin_login"),
    path("admin/", admin.site.urls),
    path("", include("townsquare.front.urls.stories")),
    path("", include("townsquare.front.urls.terms")),
    path("", include("townsquare.front.urls.comments")),
    path("", include("townsquare.front.urls.moderation")),
    path("", include("townsquare.front.urls.reports")),
    path("", include("townsquare.front.urls.readers")),
    path("", include("townsquare.front.urls.notifications")),
    path("accounts/", include("townsquare.front.urls.accounts")),
    path("api/", api.urls),
    path("integrations/coral/", include("townsquare.coral.urls")),
    # Perspective's contract, for Coral and other clients of the retired API (docs/coral.md).
    path("perspective/", include("townsquare.scoring.urls")),
    path("", include("townsquare.embed.urls")),
    path(
        f"{settings.MEDIA_URL.strip('/')}/<path:path>",
        serve,
        {"document_root": settings.MEDIA_ROOT},
    ),
]
