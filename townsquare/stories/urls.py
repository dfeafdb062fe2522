from django.urls import path

from townsquare.stories import views

app_name = "stories"
urlpatterns = [
    path("", views.front_page, name="front_page"),
    path("stories/<slug:slug>/", views.story_detail, name="detail"),
]
