"""Writes for the civility app: storing a learned site model and choosing which model scores."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from townsquare.civility.model import LinearModel
from townsquare.civility.models import ModelChoice, SiteModel


class NoSiteModel(LookupError):
    """``use site`` was asked for, but no (such) site model has been learned here yet."""


@transaction.atomic
def site_model_create(*, model: LinearModel) -> SiteModel:
    """Store a learned site model (never overwritten: the version is unique)."""
    if model.meta.get("kind") != "site":
        raise ValueError("only site models are stored in the database")
    return SiteModel.objects.create(
        version=model.version,
        base=str(model.meta.get("base", "")),
        meta=model.meta,
        weights=model.to_bytes(),
        n_examples=int(model.meta.get("n_examples", 0)),
        source=str(model.meta.get("source", ""))[:300],
    )


@transaction.atomic
def model_choice_set(*, use: str, version: str | None = None) -> ModelChoice:
    """Score with the shipped model or a site model (the given, the last chosen, or the newest).

    Bumps the revision, which every web process checks, so the switch needs no restart.
    """
    if use not in ModelChoice.Use.values:
        raise ValueError("use must be 'shipped' or 'site'")
    choice, _ = ModelChoice.objects.select_for_update().get_or_create(id=ModelChoice.SINGLETON_ID)
    if use == ModelChoice.Use.SITE:
        if version:
            site = SiteModel.objects.filter(version=version).first()
            if site is None:
                raise NoSiteModel(f"no site model {version!r}: see `townsquare civility status`")
        else:
            site = choice.site or SiteModel.objects.order_by("-created_at", "-id").first()
            if site is None:
                raise NoSiteModel("no site model here yet: run `townsquare civility learn` first")
        choice.site = site
    choice.use = use
    choice.revision = F("revision") + 1
    choice.save(update_fields=["use", "site", "revision", "updated_at"])
    choice.refresh_from_db()
    return choice
