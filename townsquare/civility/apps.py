from django.apps import AppConfig


class CivilityConfig(AppConfig):
    name = "townsquare.civility"
    verbose_name = "Civility"

    def ready(self) -> None:
        from django.core import checks

        from townsquare.civility.checks import retired_environment_check

        checks.register(retired_environment_check)
