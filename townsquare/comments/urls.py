from django.urls import path

from townsquare.comments import views

app_name = "comments"
urlpatterns = [
    path("stories/<slug:slug>/comments/", views.comment_post, name="post"),
]
