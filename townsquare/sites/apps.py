from django.apps import AppConfig


class SitesConfig(AppConfig):
    name = "townsquare.sites"
    label = "sites"
    verbose_name = "Sites"
