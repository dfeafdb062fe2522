from django.urls import path

from townsquare.readers import views

app_name = "readers"
urlpatterns = [
    path("your-data/", views.data_request, name="data_request"),
    path("your-data/manage/", views.data_manage, name="data_manage"),
    path("your-data/download/", views.data_download, name="data_download"),
    path("your-data/erase/", views.data_erase, name="data_erase"),
    path("verify/<str:token>/", views.verify, name="verify"),
    path("moderate/data-requests/", views.moderator_data_request, name="moderator_data_request"),
]
