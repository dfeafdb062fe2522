from django.contrib.sitemaps.views import sitemap
from django.urls import path

from townsquare.front.views import stories as views
from townsquare.stories import feeds

app_name = "stories"
urlpatterns = [
    path("", views.front_page, name="front_page"),
    path("stories/<slug:slug>/", views.story_detail, name="detail"),
    path("robots.txt", feeds.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": feeds.SITEMAPS}, name="sitemap"),
    path("feed/", feeds.HostedStoriesFeed(), name="feed"),
]
