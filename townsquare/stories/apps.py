from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "townsquare.stories"
    verbose_name = "Stories"
