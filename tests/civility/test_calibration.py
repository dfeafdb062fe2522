"""A site model's scores are mapped onto the shipped model's scale, ranking unchanged."""

from __future__ import annotations

import itertools
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command

from tests.civility.test_learn import TOPICS, WHEN, site_examples, write_csv
from townsquare.civility import calibration, metrics, selectors, services, sites
from townsquare.civility.backends import ShippedBackend, SiteBackend, encode_for
from townsquare.civility.model import LinearModel
from townsquare.civility.models import SiteModel

pytest.importorskip("sklearn", reason="learn needs the eval extra: pip install '.[eval]'")


@pytest.fixture
def learned(local_model, tmp_path):
    """One site model learned on the small sports site, and the same model without its map."""
    # Plenty of blunt-but-civil sports talk: the shipped model flags most of it, while the site
    # model's raw probabilities follow this site's lower share of uncivil comments.
    pairs = site_examples() + [
        (f"Damn, the {t} debate {w} was brutal, they got killed on the numbers.", 0)
        for t, w in itertools.product(TOPICS, WHEN)
    ]
    out = StringIO()
    call_command(
        "civility", "learn", "--csv", str(write_csv(tmp_path / "site.csv", pairs)), stdout=out
    )
    version = sites.read_active()["site"]
    model = selectors.site_model_load(version=version)
    # The same weights stored the way site models were before maps existed.
    meta = {k: v for k, v in model.meta.items() if k != "calibration"}
    meta["version"] = version + "-unmapped"
    legacy = LinearModel(arrays=model.arrays(), meta=meta)
    services.site_model_create(model=legacy)
    return {"pairs": pairs, "model": model, "legacy": meta["version"], "out": out}


def test_map_is_strictly_increasing_and_identity_without_knots():
    rng = np.random.default_rng(0)
    site = rng.normal(-4.0, 1.0, 500)
    shipped = np.r_[np.full(200, -3.0), rng.normal(0.0, 2.0, 300)]  # ties in the shipped scores
    fitted = calibration.fit_quantile_map(site, shipped)
    assert np.all(np.diff(fitted["x"]) > 0) and np.all(np.diff(fitted["y"]) > 0)
    z = np.linspace(-20.0, 20.0, 2001)  # well beyond the knots on both sides
    assert np.all(np.diff(calibration.apply_map(fitted, z)) > 0)
    assert np.array_equal(calibration.apply_map(None, z), z)


def test_site_scores_land_on_the_shipped_scale_with_the_same_ranking(learned):
    texts = [t for t, _ in learned["pairs"]]
    labels = [y for _, y in learned["pairs"]]
    model = learned["model"]
    assert model.calibration and model.calibration["fitted_on"] == "out-of-fold"
    assert sites.read_active()["site"] == model.version

    shipped = np.array([s.civility for s in ShippedBackend().score(texts)])
    mapped = np.array([s.civility for s in SiteBackend(model).score(texts)])
    raw = np.array(
        [
            s.civility
            for s in SiteBackend(selectors.site_model_load(version=learned["legacy"])).score(texts)
        ]
    )
    # Raw site probabilities follow this site's base rate; mapped ones flag about the shipped
    # model's share at each level. The map is fitted on out-of-fold scores (what new comments
    # look like); these are the final model's in-sample scores, hence the tolerance.
    levels = (0.3, 0.5, 0.7)
    shipped_share = np.array([np.mean(shipped >= v) for v in levels])
    mapped_gap = np.abs([np.mean(mapped >= v) for v in levels] - shipped_share).mean()
    raw_gap = np.abs([np.mean(raw >= v) for v in levels] - shipped_share).mean()
    assert mapped_gap <= 0.15 and mapped_gap < raw_gap / 2, (mapped_gap, raw_gap)
    assert not np.allclose(mapped, raw)
    # Ranking preserved exactly: same ROC-AUC, and sorting by raw sorts the mapped scores too.
    assert metrics.roc_auc(labels, mapped) == metrics.roc_auc(labels, raw)
    order = np.argsort(raw, kind="stable")
    assert np.all(np.diff(mapped[order]) >= 0)
    assert np.array_equal(np.sign(raw[:, None] - raw), np.sign(mapped[:, None] - mapped))


def test_learn_prints_the_calibration(learned):
    output = learned["out"].getvalue()
    assert "mapped onto the shipped scale" in output
    for row in ("shipped model", "site, raw", "site, mapped"):
        assert row in output


def test_a_site_model_saved_without_a_map_still_loads_and_scores(learned, settings):
    version = learned["legacy"]
    assert "calibration" not in SiteModel.objects.get(version=version).meta
    sites.activate("site", version)
    from townsquare import civility

    probe = "Only a paid shill would write about the ferry plan like this, Jo."
    result = civility.score([probe])[0]
    assert result.model == version
    assert 0.0 <= result.civility <= 1.0
    legacy = selectors.site_model_load(version=version)
    assert legacy.calibration is None
    (encoded,) = encode_for(legacy, [probe])
    raw = 1.0 / (1.0 + np.exp(-float(legacy.chunk_scores(probe, encoded).logits[0])))
    assert result.toxicity == pytest.approx(raw)
    # Highlights still come from the contributions, with or without a map.
    mapped = SiteBackend(learned["model"]).score([probe])[0]
    assert any("shill" in h for h in mapped.highlighted(probe))
