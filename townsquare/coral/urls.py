from django.urls import re_path

from townsquare.coral import views

# With or without a trailing slash, answered in place: Coral follows no redirect.
urlpatterns = [
    re_path(r"^phase/(?P<slug>[-a-zA-Z0-9_]+)/?$", views.phase, name="coral_phase"),
]
