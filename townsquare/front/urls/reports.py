from django.urls import path

from townsquare.front.views import reports as report_views

app_name = "reports"
urlpatterns = [
    path("comments/<int:comment_id>/report/", report_views.report_comment, name="report"),
    path("comments/<int:comment_id>/report/thanks/", report_views.report_thanks, name="thanks"),
]
