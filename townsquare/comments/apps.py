from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "townsquare.comments"
    verbose_name = "Comments"
