from django.apps import AppConfig


class CivilityConfig(AppConfig):
    name = "townsquare.civility"
    verbose_name = "Civility"
