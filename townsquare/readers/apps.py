from django.apps import AppConfig


class ReadersConfig(AppConfig):
    name = "townsquare.readers"
    verbose_name = "Readers"

    def ready(self) -> None:
        """Forget signed-out sign-on tokens daily, once they have ended."""
        from townsquare.lib.periodic import periodic_task_register
        from townsquare.readers.tasks import sso_revoked_tokens_expire_task

        periodic_task_register(sso_revoked_tokens_expire_task, every=24 * 3600)
