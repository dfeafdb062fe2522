from django.urls import path

from townsquare.front.views import comments as views

app_name = "comments"
urlpatterns = [
    path("stories/<slug:slug>/comments/", views.comment_post, name="post"),
    path(
        "stories/<slug:slug>/comments/<int:comment_id>/replies/",
        views.comment_replies,
        name="replies",
    ),
    path(
        "stories/<slug:slug>/comments/<int:comment_id>/edit/",
        views.comment_edit_page,
        name="edit",
    ),
    path(
        "stories/<slug:slug>/comments/<int:comment_id>/delete/",
        views.comment_delete_page,
        name="delete",
    ),
    path(
        "stories/<slug:slug>/comments/<int:comment_id>/respect/",
        views.comment_respect,
        name="respect",
    ),
    path("avatars/<str:key>.svg", views.avatar, name="avatar"),
]
