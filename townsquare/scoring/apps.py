from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "townsquare.scoring"
    label = "scoring"
    verbose_name = "Scoring for other platforms"
