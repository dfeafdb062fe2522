from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "townsquare.scoring"
    label = "scoring"
    verbose_name = "Scoring for other platforms"

    def ready(self) -> None:
        """Offer Coral's feedback to site-model learning; expire call records daily."""
        from townsquare.civility.decisions import decisions_source_register
        from townsquare.lib.periodic import periodic_task_register
        from townsquare.scoring.learning import feedback_as_examples
        from townsquare.scoring.tasks import analysis_calls_expire_task

        decisions_source_register(feedback_as_examples)
        # The call records hold no text, but are kept no longer than the dashboard needs them.
        periodic_task_register(analysis_calls_expire_task, every=24 * 3600)
