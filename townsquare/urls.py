from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("townsquare.stories.urls")),
    path("", include("townsquare.terms.urls")),
    path("", include("townsquare.comments.urls")),
    path("", include("townsquare.moderation.urls")),
    path("", include("townsquare.moderation.report_urls")),
    path("accounts/", include("townsquare.accounts.urls")),
    path(
        f"{settings.MEDIA_URL.strip('/')}/<path:path>",
        serve,
        {"document_root": settings.MEDIA_ROOT},
    ),
]
