from django.urls import path

from townsquare.embed import views

app_name = "embed"
urlpatterns = [
    path("embed/thread", views.embed_thread, name="thread"),
    path("embed/replies", views.embed_replies, name="replies"),
    path("embed.js", views.embed_script, {"name": "embed.js"}, name="embed_js"),
    path("count.js", views.embed_script, {"name": "count.js"}, name="count_js"),
]
