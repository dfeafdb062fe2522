from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "townsquare.accounts"
    verbose_name = "Staff accounts"
