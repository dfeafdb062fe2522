"""Dev-only grid behind two choices of `civility train`: which sets teach the toxicity head, and
which architecture (lexical / semantic / stacked) to keep.

    nice -n 15 .venv/bin/python bench/civility_dev_grid.py base,newstox,newstox2,spansx3

Reads only the ``train`` and ``dev`` splits (and C3's dev articles); prints per configuration
and architecture: C3 dev ROC-AUC, the hold pool's ROC-AUC and recall at the hold threshold
chosen the way ``train`` chooses it, the functional suite's accuracy at hold, and the product
sets held. Caches feature matrices under var/civility-grid (about 170 MB). Configurations:
base (every set that labels toxicity teaches it), newstox (talk pages, news, ConvAbuse and the
templates), newstox2 (talk pages and Toxic Spans news comments only: what ``train`` uses),
spansx3 (all sets, talk pages and news weighted x3).
"""

import os
import sys
import time

REPO = __import__("pathlib").Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.settings")
import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from scipy.sparse import load_npz, save_npz  # noqa: E402

from townsquare.civility import encoder, metrics  # noqa: E402
from townsquare.civility.features import Featurizer  # noqa: E402
from townsquare.civility.offline import build, corpora, suite, training  # noqa: E402
from townsquare.civility.offline.embedcache import MeanCache  # noqa: E402
from townsquare.civility.scores import ATTRIBUTES  # noqa: E402

d = corpora.shared_data_dir()
ex = corpora.shipped_examples(d)
train = [e for e in ex if e.split == "train"]
dev = [e for e in ex if e.split == "dev"]
cache = MeanCache(REPO / "var" / "civility-cache", encoder.Encoder())
tm = cache.means([e.text for e in train], progress=False)
sets = suite.eval_sets(d, "dev", examples=ex)
texts_all = sorted({t for s in sets for t in s.texts} | {e.text for e in dev})
idx = {t: i for i, t in enumerate(texts_all)}
P = REPO / "var" / "civility-grid"
P.mkdir(exist_ok=True)
if not (P / "train.npz").exists():
    idf = training.fit_idf(Featurizer(n_buckets=training.N_BUCKETS), [e.text for e in train])
    np.save(P / "idf.npy", idf)
    f = Featurizer(n_buckets=training.N_BUCKETS, idf=idf)
    save_npz(P / "train.npz", f.matrix([e.text for e in train]))
    save_npz(P / "dev.npz", f.matrix(texts_all))
idf = np.load(P / "idf.npy")
Xtr = load_npz(P / "train.npz").tocsr()
Xdv = load_npz(P / "dev.npz").tocsr()
Mdv = cache.means(texts_all, progress=False)
print("loaded", Xtr.shape, Xdv.shape, flush=True)
HATE = {"toxigen", "ethos", "foxnews", "hatexplain", "implicit-hate", "stormfront", "davidson"}


def fit(
    examples,
    X,
    M,
    *,
    tox_sources=None,
    ins_sources=None,
    C_lex=4.0,
    C_sem=0.1,
    src_mult=None,
    lexical=True,
):
    mult = np.ones(len(examples))
    if src_mult:
        mult = np.array([src_mult.get(e.source, 1.0) for e in examples])
    lex = {"sparse": [], "bias": []}
    sem = {"dense": [], "bias": []}
    mu, sg = M.mean(0), M.std(0) + 1e-6
    Z = (M - mu) / sg
    for a in ATTRIBUTES:
        t, w = training.targets_and_weights(examples, a)
        w = w * mult
        if a == "toxicity" and tox_sources is not None:
            w = w * np.array([e.source in tox_sources for e in examples])
        if a == "insult" and ins_sources is not None:
            w = w * np.array([e.source in ins_sources for e in examples])
        if lexical:
            c, b = training.fit_soft_logistic(X, t, w, C=C_lex)
            lex["sparse"].append(c)
            lex["bias"].append(b)
        c, b = training.fit_soft_logistic(Z, t, w, C=C_sem)
        sem["dense"].append(c / sg)
        sem["bias"].append(b - float(np.dot(c, mu / sg)))
    out = {"sem": {"dense": np.stack(sem["dense"], 1), "bias": np.array(sem["bias"])}}
    if lexical:
        out["lex"] = {
            "sparse": np.stack(lex["sparse"], 1),
            "bias": np.array(lex["bias"]),
            "idf": idf,
        }
    return out


def evaluate(name, tiers, arch="stacked", params=None):
    L = np.asarray(Xdv @ tiers["lex"]["sparse"]) + tiers["lex"]["bias"] if "lex" in tiers else None
    S = Mdv @ tiers["sem"]["dense"] + tiers["sem"]["bias"]
    di = [idx[e.text] for e in dev]
    if arch == "stacked":
        st = training.fit_stack(dev, L[di], S[di])
        logits = L * st[:, 0] + S * st[:, 1] + st[:, 2]
    elif arch == "lexical":
        logits = L
    else:
        logits = S
    res = {}
    for s in sets:
        ii = [idx[t] for t in s.texts]
        lg = build.cue_logits(s.texts, logits[ii], params)
        res[s.name] = 1 / (1 + np.exp(-lg))
    scores = {k: v.max(1) for k, v in res.items()}
    levels = build.choose_thresholds(sets, scores)
    rows = {s.name: suite.row_for(s, scores[s.name], levels) for s in sets}
    c3 = [s for s in sets if s.name == "c3"][0]
    per_attr = {
        a: round(metrics.roc_auc(c3.labels, res["c3"][:, h]), 3) for h, a in enumerate(ATTRIBUTES)
    }
    fc = rows["functional"].get("per_category", {})
    srcs = {k: round(rows[k]["hold_recall"], 2) for k in corpora.SHIPPED_TRAINING_SETS}
    print(
        f"   functional {fc}\n   recall@hold per set {srcs}\n"
        f"   implicit {rows.get('implicit-pool', {}).get('hateful_held')}"
    )
    print(
        f"{name:<40} c3 {rows['c3']['roc_auc']:.3f} pool-auc {rows['hold-pool']['roc_auc']:.3f}"
        f" pool@hold {rows['hold-pool']['hateful_held']:.3f}"
        f" func {rows['functional']['accuracy_at_hold']:.3f} dir {rows['directed']['held']}"
        f" grp {rows['group']['held']} crit {rows['criticism']['held']} | c3 per attr {per_attr}",
        flush=True,
    )
    return rows


cues = {"attack_logit": 3.0, "threat_logit": 6.0}
configs = sys.argv[1].split(",")
for cfg in configs:
    t0 = time.time()
    if cfg == "base":
        tiers = fit(train, Xtr, tm)
    elif cfg == "newstox":
        tiers = fit(
            train,
            Xtr,
            tm,
            tox_sources={"wikipedia-cat", "toxic-spans", "convabuse", "jigsaw-templates"},
        )
    elif cfg == "newstox2":
        tiers = fit(train, Xtr, tm, tox_sources={"wikipedia-cat", "toxic-spans"})
    elif cfg == "spansx3":
        tiers = fit(train, Xtr, tm, src_mult={"toxic-spans": 3.0, "wikipedia-cat": 3.0})
    elif cfg == "wikitox":
        tiers = fit(train, Xtr, tm, tox_sources={"wikipedia-cat"})
    elif cfg == "n2_insult":
        tiers = fit(
            train,
            Xtr,
            tm,
            tox_sources={"wikipedia-cat", "toxic-spans"},
            ins_sources={"wikipedia-cat", "toxic-spans", "convabuse", "jigsaw-templates"},
        )
    elif cfg == "n2_csem1":
        tiers = fit(
            train, Xtr, tm, tox_sources={"wikipedia-cat", "toxic-spans"}, C_sem=1.0, C_lex=2.0
        )
    elif cfg == "newstox_lexC1":
        tiers = fit(
            train,
            Xtr,
            tm,
            tox_sources={"wikipedia-cat", "toxic-spans", "convabuse", "jigsaw-templates"},
            C_lex=1.0,
        )
    for arch in sys.argv[2].split(",") if len(sys.argv) > 2 else ("stacked", "lexical", "semantic"):
        evaluate(f"{cfg}/{arch}", tiers, arch, cues)
    print(" took", round(time.time() - t0), flush=True)
