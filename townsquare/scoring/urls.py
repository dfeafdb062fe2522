"""``/perspective/v1alpha1/comments:analyze`` and ``comments:suggestscore``.

Included under ``perspective/`` by both URL sets (the whole site, and ``scoring_only_urls``).
A doubled slash (a Custom endpoint saved with a trailing ``/``) or a trailing slash reaches the
same view: clients follow no redirect.
"""

from django.urls import re_path

from townsquare.scoring import views

urlpatterns = [
    re_path(r"^v1alpha1/+comments:analyze/?$", views.analyze, name="perspective_analyze"),
    re_path(
        r"^v1alpha1/+comments:suggestscore/?$",
        views.suggestscore,
        name="perspective_suggestscore",
    ),
]
