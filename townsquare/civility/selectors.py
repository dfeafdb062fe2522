"""Reads for the civility app: which model scores, and the site models learned here."""

from __future__ import annotations

from dataclasses import dataclass

from townsquare.civility.model import LinearModel
from townsquare.civility.models import ModelChoice, SiteModel


@dataclass(frozen=True)
class ChoiceState:
    use: str
    site: str | None
    revision: int


def model_choice_state() -> ChoiceState:
    """One cheap query: what `civility use` last chose, and its revision number."""
    row = (
        ModelChoice.objects.filter(id=ModelChoice.SINGLETON_ID)
        .values("use", "site__version", "revision")
        .first()
    )
    if row is None:
        return ChoiceState(use=ModelChoice.Use.SHIPPED, site=None, revision=0)
    return ChoiceState(use=row["use"], site=row["site__version"], revision=row["revision"])


def site_model_versions() -> list[str]:
    return list(SiteModel.objects.order_by("created_at", "id").values_list("version", flat=True))


def site_model_load(*, version: str) -> LinearModel:
    row = SiteModel.objects.only("weights", "meta").get(version=version)
    return LinearModel.from_bytes(bytes(row.weights), row.meta)


def site_model_newest() -> str | None:
    return (
        SiteModel.objects.order_by("-created_at", "-id").values_list("version", flat=True).first()
    )
