"""`townsquare civility score` and `evaluate` on small CSVs."""

from __future__ import annotations

import csv
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from townsquare.civility.scores import ATTRIBUTES

ROWS = [
    ("1", "You are a pathetic idiot and a liar.", "1"),
    ("2", "Shut up, moron, nobody asked you.", "1"),
    ("3", "Thanks for the clear explanation of the budget.", "0"),
    ("4", "I disagree with the council, but the article is fair.", "0"),
    ("5", "Great photos of the harbour festival!", "0"),
    ("6", "What a stupid, stupid column.", "1"),
]


@pytest.fixture
def labelled(tmp_path):
    path = tmp_path / "in.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "body", "label"])
        writer.writerows(ROWS)
    return path


def test_score_appends_the_five_attributes(local_model, labelled, tmp_path):
    out = tmp_path / "out.csv"
    call_command(
        "civility",
        "score",
        "--csv",
        str(labelled),
        "--text-column",
        "body",
        "--out",
        str(out),
        stdout=StringIO(),
    )
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["id"] for r in rows] == [r[0] for r in ROWS]
    assert list(rows[0])[-5:] == list(ATTRIBUTES)
    assert float(rows[0]["toxicity"]) > float(rows[2]["toxicity"])


def test_evaluate_reports_metrics_and_writes_curves(local_model, labelled, tmp_path):
    pytest.importorskip("matplotlib", reason="evaluate's PNG needs the eval extra")
    png = tmp_path / "curves.png"
    out = StringIO()
    call_command(
        "civility",
        "evaluate",
        "--csv",
        str(labelled),
        "--text-column",
        "body",
        "--label-column",
        "label",
        "--png",
        str(png),
        stdout=out,
    )
    report = out.getvalue()
    assert "ROC-AUC (civility = highest attribute): 1.0000" in report
    for name in ("nudge", "hold", "reject", "average precision", "fairness", str(png)):
        assert name in report
    assert png.read_bytes().startswith(b"\x89PNG")


def test_missing_column_is_a_clear_error(local_model, labelled, tmp_path):
    with pytest.raises(CommandError, match="no column text"):
        call_command("civility", "score", "--csv", str(labelled), "--out", str(tmp_path / "o.csv"))


def test_score_without_out_writes_the_csv_to_standard_output(local_model, labelled):
    out, err = StringIO(), StringIO()
    call_command(
        "civility", "score", "--csv", str(labelled), "--text-column", "body", stdout=out, stderr=err
    )
    rows = list(csv.DictReader(StringIO(out.getvalue())))
    assert [r["id"] for r in rows] == [r[0] for r in ROWS]
    assert list(rows[0])[-5:] == list(ATTRIBUTES)
    assert "scored 6 rows" in err.getvalue()


def test_evaluate_without_matplotlib_prints_the_figures_and_skips_the_plot(
    local_model, labelled, tmp_path, monkeypatch
):
    # None in sys.modules makes `import matplotlib` raise ImportError, as when it is absent.
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    png = tmp_path / "curves.png"
    out = StringIO()
    call_command(
        "civility",
        "evaluate",
        "--csv",
        str(labelled),
        "--text-column",
        "body",
        "--png",
        str(png),
        stdout=out,
    )
    report = out.getvalue()
    assert "ROC-AUC (civility = highest attribute): 1.0000" in report
    assert "matplotlib is not installed, so no plot was drawn" in report
    assert "pip install '.[train]'" in report
    assert not png.exists()


@pytest.mark.django_db
def test_ship_refuses_what_is_not_a_folded_candidate(tmp_path):
    import json
    import shutil

    from townsquare.civility.backends import SHIPPED_STEM

    with pytest.raises(CommandError, match="no candidate.json"):
        call_command("civility", "ship", "--candidate", str(tmp_path), "--data-dir", str(tmp_path))
    # A model with heads over the encoder but no stack of a fine-tuned encoder to ship.
    shutil.copy(SHIPPED_STEM.with_suffix(".npz"), tmp_path / "candidate.npz")
    meta = json.loads(SHIPPED_STEM.with_suffix(".json").read_text())
    meta.pop("stack", None)
    (tmp_path / "candidate.json").write_text(json.dumps(meta))
    out = tmp_path / "out"
    with pytest.raises(CommandError, match="no folded stack"):
        call_command(
            "civility",
            "ship",
            "--candidate",
            str(tmp_path),
            "--data-dir",
            str(tmp_path),
            "--out-dir",
            str(out),
        )
    assert not out.exists()  # nothing written


def test_train_refuses_bad_settings_with_a_clear_error(tmp_path):
    work = tmp_path / "work"
    common = ["civility", "train", "--work-dir", str(work), "--data-dir", str(tmp_path)]
    with pytest.raises(CommandError, match="window must be between 1 and max-tokens"):
        call_command(*common, "--window", "0")
    with pytest.raises(CommandError, match="window must be between 1 and max-tokens"):
        call_command(*common, "--window", "200")
    with pytest.raises(CommandError, match="distinct seeds"):
        call_command(*common, "--seeds", "3", "3")
    with pytest.raises(CommandError, match="no encoder"):
        call_command(*common, "--source", str(tmp_path))
    with pytest.raises(CommandError, match="needs --soup"):
        call_command(*common, "--soup-with", str(tmp_path))
    with pytest.raises(CommandError, match="not a finished fine-tuning run"):
        call_command(*common, "--soup", "0.5", "--soup-with", str(tmp_path))
    with pytest.raises(CommandError, match="below 1"):
        call_command(*common, "--soup", "1", "--soup-with", str(tmp_path))
    with pytest.raises(CommandError, match="none were given"):
        call_command(*common, "--soup", "0", "0.5")
    with pytest.raises(CommandError, match="no data sets"):
        call_command("civility", "train", "--data-dir", str(tmp_path / "none"))
    assert not work.exists()


@pytest.mark.parametrize("value", ["0", "-2", "lots", "inf"])
def test_residual_refuses_a_civil_group_weight_that_is_not_a_positive_number(tmp_path, value):
    with pytest.raises(CommandError, match='a number above 0 or "balanced"'):
        call_command(
            "civility",
            "residual",
            "--out",
            str(tmp_path / "x"),
            "--pooling",
            "anchored",
            "--civil-group-weight",
            value,
        )
    assert not (tmp_path / "x").exists()
