from django.urls import path

from townsquare.front.views import oidc as oidc_views
from townsquare.front.views import readers as views
from townsquare.front.views import sso as sso_views

app_name = "readers"
urlpatterns = [
    path("your-data/", views.data_request, name="data_request"),
    path("your-data/manage/", views.data_manage, name="data_manage"),
    path("your-data/download/", views.data_download, name="data_download"),
    path("your-data/erase/", views.data_erase, name="data_erase"),
    path("verify/<str:token>/", views.verify, name="verify"),
    path("your-comments/", views.your_comments, name="your_comments"),
    path("your-comments/sign-in/", views.sign_in, name="sign_in"),
    path("your-comments/sign-out/", views.sign_out, name="sign_out"),
    path("your-comments/replies-by-email/", views.delivery_set, name="delivery_set"),
    path("your-comments/<int:comment_id>/replies/", views.replies_switch, name="replies_switch"),
    path("sso/callback/", sso_views.sso_callback, name="sso_callback"),
    path("sign-in/oidc/<slug:site>/start", oidc_views.oidc_start, name="oidc_start"),
    path("sign-in/oidc/<slug:site>/callback", oidc_views.oidc_callback, name="oidc_callback"),
    path("moderate/data-requests/", views.moderator_data_request, name="moderator_data_request"),
]
