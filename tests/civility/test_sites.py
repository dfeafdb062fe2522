"""Site models live in the database: every process agrees, and a switch needs no restart."""

from __future__ import annotations

import numpy as np
import pytest
from django.db import IntegrityError, transaction

from townsquare import civility
from townsquare.civility import selectors, services, sites
from townsquare.civility.backends import shipped_model
from townsquare.civility.model import LinearModel
from townsquare.civility.models import ModelChoice, SiteModel

PROBE = "The ferry timetable is a shambles, Jo."


def a_site_model(version: str, bias: float) -> LinearModel:
    """A tiny site model over the shipped features: a constant score, so it is recognisable."""
    shipped = shipped_model()
    arrays = {
        "sparse_weights": np.zeros((shipped.featurizer.ngrams.n_buckets, 1), dtype=np.float32),
        "bias": np.asarray([bias], dtype=np.float32),
        "idf": shipped.featurizer.idf,
    }
    meta = {
        "version": version,
        "kind": "site",
        "heads": ["site"],
        "n_buckets": shipped.featurizer.ngrams.n_buckets,
        "base": shipped.version,
        "n_examples": 10,
        "source": "test",
    }
    return LinearModel(arrays=arrays, meta=meta)


@pytest.mark.postgres
def test_a_stored_site_model_round_trips_through_the_database(local_model):
    model = a_site_model("site-test-roundtrip", 1.5)
    services.site_model_create(model=model)
    row = SiteModel.objects.get(version="site-test-roundtrip")
    assert row.base == shipped_model().version and row.n_examples == 10
    loaded = selectors.site_model_load(version="site-test-roundtrip")
    assert loaded.version == model.version
    assert np.array_equal(loaded.bias, model.bias)
    with pytest.raises(IntegrityError), transaction.atomic():
        services.site_model_create(model=model)  # versions are never overwritten


def test_a_switch_made_elsewhere_reaches_this_process_without_a_restart(local_model, settings):
    services.site_model_create(model=a_site_model("site-test-a", 3.0))
    settings.CIVILITY_MODEL_CHECK_SECONDS = 3600
    assert civility.score([PROBE])[0].model.startswith("shipped-")  # cached: shipped, revision 0

    # Another app machine switches: a write to the shared database, not through this process.
    services.model_choice_set(use="site", version="site-test-a")
    # Within the check interval this process keeps its cached choice...
    assert civility.score([PROBE])[0].model.startswith("shipped-")
    # ...and once the interval has passed it reads the new revision and loads the site model.
    settings.CIVILITY_MODEL_CHECK_SECONDS = 0
    result = civility.score([PROBE])[0]
    assert result.model == "site-test-a"
    assert result.toxicity == pytest.approx(1 / (1 + np.exp(-3.0)), abs=1e-6)
    assert civility.active_model_version() == "site-test-a"

    services.model_choice_set(use="shipped")
    assert civility.score([PROBE])[0].model.startswith("shipped-")


def test_use_site_returns_to_the_last_chosen_model_and_revisions_count_up(local_model):
    services.site_model_create(model=a_site_model("site-test-old", 1.0))
    services.site_model_create(model=a_site_model("site-test-new", 2.0))
    first = sites.activate("site", "site-test-old")
    assert first == {"use": "site", "site": "site-test-old"}
    sites.activate("shipped")
    assert sites.read_active()["site"] == "site-test-old"  # remembered for `use site`
    assert sites.activate("site") == {"use": "site", "site": "site-test-old"}
    assert sites.read_active()["revision"] == 3
    assert sites.site_versions() == ["site-test-old", "site-test-new"]


def test_unknown_versions_and_bad_choices_are_clear_errors(local_model):
    with pytest.raises(sites.NoSiteModel, match="learn"):
        sites.activate("site")
    with pytest.raises(sites.NoSiteModel, match="site-nope"):
        sites.activate("site", "site-nope")
    with pytest.raises(ValueError, match="shipped"):
        sites.activate("remote")
    with pytest.raises(ValueError, match="site models"):
        services.site_model_create(model=shipped_model())


@pytest.mark.postgres
def test_the_database_refuses_a_second_choice_row_and_a_site_choice_without_a_model(local_model):
    with pytest.raises(IntegrityError), transaction.atomic():
        ModelChoice.objects.create(id=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        ModelChoice.objects.create(id=1, use="site", site=None)


def test_the_model_in_use_cannot_be_deleted(local_model):
    from django.db.models import ProtectedError

    services.site_model_create(model=a_site_model("site-test-kept", 1.0))
    sites.activate("site", "site-test-kept")
    with pytest.raises(ProtectedError):
        SiteModel.objects.filter(version="site-test-kept").delete()
