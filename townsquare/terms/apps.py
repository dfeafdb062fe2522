from django.apps import AppConfig


class TermsConfig(AppConfig):
    name = "townsquare.terms"
    verbose_name = "Terms"
