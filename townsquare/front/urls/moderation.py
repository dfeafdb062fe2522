from django.urls import path

from townsquare.front.views import moderation as views

app_name = "moderation"
urlpatterns = [
    path("moderate/", views.queue, name="queue"),
    path("moderate/bulk/", views.bulk_action, name="bulk"),
    path("moderate/comments/<int:comment_id>/", views.comment_card, name="card"),
    path(
        "moderate/comments/<int:comment_id>/<slug:action>/",
        views.comment_action,
        name="comment_action",
    ),
    path("moderate/commenters/<int:commenter_id>/", views.commenter, name="commenter"),
    path(
        "moderate/commenters/<int:commenter_id>/<slug:action>/",
        views.commenter_action,
        name="commenter_action",
    ),
    path("moderate/sanctions/<int:sanction_id>/lift/", views.sanction_lift, name="sanction_lift"),
    path("warnings/<str:token>/", views.warning_ack, name="warning_ack"),
]
