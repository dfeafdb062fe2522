"""Fault injection: are acknowledged comments kept, exactly once, when the server's workers die and
the database restarts under load? And does SQLite under the same load answer "database is
locked"?

Phase 1, PostgreSQL: ``townsquare serve --workers 4`` and 50 concurrent posters for 30 s (the real
reply form, the whole moderation pipeline and the model inline; flood limits and the spam timer
lifted, bench/harness.py LIFTED_LIMITS). A third into the run every gunicorn worker gets
``kill -9`` (the master starts new ones); two thirds in, PostgreSQL is restarted with
``pg_ctl restart -m fast``. Phase 2, SQLite: the same load on a SQLite site, nothing killed.

Every answer is recorded. A comment is acknowledged when the answer says it is stored with its
id: 201 with ``{"id": ...}`` (the page's script; two posts in three) or 303 to ``#comment-<id>``
(a browser without JavaScript; one in three). Each post's text carries a probe number, so
afterwards the database is read and every acknowledged comment must be there, exactly once,
under its id. Passes when: nothing acknowledged is missing or doubled; no 5xx except for
requests that overlapped the database's downtime (a 503 there is lib/dbfaults.py's "briefly
unavailable"); on SQLite, no 5xx and no "database is locked" in any answer or in the server log.

PostgreSQL is, by default, a cluster of the bench's own (initdb in a temporary directory, the
Debian binaries ``make test`` uses, default durability settings), because restarting the shared
test server on 127.0.0.1:54329 would break any ``make test`` running beside it.
``--shared-test-postgres`` uses that server instead (started by scripts/test-services.sh, a
database of the bench's own on it), as issue 8 first described.

    .venv/bin/python bench/faults_bench.py [--quick] [--seconds 30] [--posters 50]
        [--shared-test-postgres] [--stop-mode fast|immediate]

Writes bench/results/faults.png and bench/results/faults.json; exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402
from harness import Reader  # noqa: E402

SLUG = "faults"
PROBE = re.compile(r"\(bench probe (\d+)\)\s*$")
LOCKED = "database is locked"


# --- PostgreSQL we may restart ----------------------------------------------------------------


@dataclass
class Postgres:
    bin: Path
    data: Path
    port: int
    url: str  # the server, with no database name (the site creates its own)
    log: Path  # where the server writes (pg_ctl -l), so pg_ctl returns once it is up

    def pg_ctl(self, *args: str) -> subprocess.CompletedProcess:
        command = [str(self.bin / "pg_ctl"), "-D", str(self.data), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120)


def _pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    if not found:
        sys.exit("needs PostgreSQL's server binaries (bash scripts/test-services.sh installs them)")
    return found[-1].parent


@contextlib.contextmanager
def private_postgres() -> Iterator[Postgres]:
    """A PostgreSQL cluster of our own on a free loopback port, removed afterwards."""
    binaries = _pg_bin()
    top = Path(tempfile.mkdtemp(prefix="townsquare-faults-pg-"))
    top.chmod(0o755)
    data = top / "data"
    data.mkdir()
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_postgres:
        shutil.chown(data, "postgres", "postgres")
    subprocess.run(
        [*as_postgres, str(binaries / "initdb"), "-D", str(data), "-U", "postgres",
         "--auth=trust", "-E", "UTF8", "--no-locale"],
        check=True, capture_output=True,
    )  # fmt: skip
    port = harness.free_port()
    url = f"postgres://postgres@127.0.0.1:{port}/"
    server = Postgres(binaries, data, port, url, data / "server.log")
    started = server.pg_ctl(
        "-l", str(server.log), "-w", "-o",
        f"-c listen_addresses=127.0.0.1 -p {port} -k {data} -c max_connections=200", "start",
    )  # fmt: skip
    if started.returncode != 0:
        sys.exit(f"could not start PostgreSQL: {started.stderr}")
    try:
        yield server
    finally:
        server.pg_ctl("-m", "immediate", "stop")
        shutil.rmtree(top, ignore_errors=True)


@contextlib.contextmanager
def shared_test_postgres() -> Iterator[Postgres]:
    """The server ``make test`` uses (scripts/test-services.sh starts it when needed)."""
    done = subprocess.run(
        ["bash", "scripts/test-services.sh"], cwd=harness.ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"scripts/test-services.sh failed:\n{done.stderr[-2000:]}")
    port = int(os.environ.get("TOWNSQUARE_TEST_PG_PORT", "54329"))
    data = Path(os.environ.get("TOWNSQUARE_TEST_PG_DIR", "/tmp/townsquare-test-pg"))
    print("  restarting the shared test PostgreSQL: a `make test` running now would fail")
    url = f"postgres://postgres@127.0.0.1:{port}/"
    yield Postgres(_pg_bin(), data, port, url, data / "server.log")


# --- Load ----------------------------------------------------------------------------------------


@dataclass
class Attempt:
    probe: int
    poster: int
    script: bool
    began: float
    ended: float
    status: int  # 0: no HTTP answer (connection refused or reset, timeout)
    acknowledged: int | None = None
    error: str = ""
    locked: bool = False


@dataclass
class Phase:
    name: str
    attempts: list[Attempt] = field(default_factory=list)
    events: list[tuple[str, float, float]] = field(default_factory=list)  # name, start, end
    started: float = 0.0
    stored: dict[int, list[int]] = field(default_factory=dict)  # probe -> ids holding it
    log: str = ""

    def window(self, name: str) -> tuple[float, float] | None:
        return next(((a, b) for n, a, b in self.events if n == name), None)


def _load(base: str, *, posters: int, seconds: float, phase: Phase, texts: list[str], on_tick):
    """``posters`` threads posting until ``seconds`` have passed; ``on_tick(elapsed)`` runs in
    the calling thread meanwhile (that is where faults are injected)."""
    lock = threading.Lock()
    probes = iter(range(1, 10**9))
    stop = threading.Event()
    readers = []
    for n in range(posters):
        reader = Reader(base=base, address=f"10.77.{n + 1}.9", timeout=60)
        readers.append((reader, harness.townsquare_form(reader, SLUG)))

    def post(n: int) -> None:
        reader, form = readers[n]
        while not stop.is_set():
            with lock:
                probe = next(probes)
            script = probe % 3 != 0
            text = f"{texts[probe % len(texts)][:4800].rstrip()}\n\n(bench probe {probe})"
            attempt = Attempt(probe, n, script, time.monotonic(), 0.0, 0)
            try:
                answer = harness.townsquare_post(
                    reader, SLUG, form, author=f"Poster {n}", email=f"poster{n}@example.com",
                    text=text, script=script,
                )  # fmt: skip
                attempt.status = answer.status
                attempt.acknowledged = harness.acknowledged_id(answer)
                attempt.locked = LOCKED in answer.body.decode("utf-8", "replace")
                if answer.status == 403:  # a CSRF failure would mean the form went stale
                    attempt.error = "403"
            except Exception as error:
                attempt.error = type(error).__name__
            attempt.ended = time.monotonic()
            with lock:
                phase.attempts.append(attempt)

    threads = [threading.Thread(target=post, args=(n,), daemon=True) for n in range(posters)]
    phase.started = time.monotonic()
    for thread in threads:
        thread.start()
    while (elapsed := time.monotonic() - phase.started) < seconds:
        on_tick(elapsed)
        time.sleep(0.05)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)


def _stored(site: harness.Site) -> dict[int, list[int]]:
    """Probe number -> ids of the stored comments carrying it (every status)."""
    out = site.python(
        "import json, re\n"
        "from townsquare.comments.models import Comment\n"
        f"probe = re.compile({PROBE.pattern!r})\n"
        "rows = {}\n"
        f"for pk, body in Comment.objects.filter(story__slug={SLUG!r}).values_list('pk', 'body'):\n"
        "    m = probe.search(body)\n"
        "    rows.setdefault(int(m.group(1)) if m else 0, []).append(pk)\n"
        "print('STORED ' + json.dumps(rows))\n"
    )
    line = next(line for line in out.splitlines() if line.startswith("STORED "))
    return {int(k): v for k, v in json.loads(line.removeprefix("STORED ")).items()}


def _create_story(site: harness.Site) -> None:
    site.python(
        "from django.utils import timezone; from townsquare.stories.models import Story; "
        f"Story.objects.create(slug={SLUG!r}, headline='Fault bench', "
        f"body={harness.STORY_BODY!r}, published_at=timezone.now() - timezone.timedelta(hours=1))"
    )


# --- Checks --------------------------------------------------------------------------------------


@dataclass
class Verdict:
    name: str
    passed: bool
    detail: str


def _overlaps(attempt: Attempt, window: tuple[float, float] | None) -> bool:
    return window is not None and attempt.began <= window[1] and attempt.ended >= window[0]


def _by_status(attempts: list) -> str:
    """Answers by status, e.g. "503 ×12, 500 ×1": a 503 is the "briefly unavailable" answer
    (lib/dbfaults.py), a 500 is not; the check counts both."""
    counts = Counter(a.status for a in attempts)
    return ", ".join(f"{status} ×{n}" for status, n in sorted(counts.items())) or "none"


def judge(phase: Phase, *, database_down: tuple[float, float] | None) -> list[Verdict]:
    """The pass/fail checks of one phase, from its recorded answers and the stored rows."""
    acknowledged = [a for a in phase.attempts if a.acknowledged is not None]
    missing = [a for a in acknowledged if a.acknowledged not in phase.stored.get(a.probe, [])]
    doubled = [probe for probe, ids in phase.stored.items() if probe and len(ids) > 1]
    errors_500 = [a for a in phase.attempts if a.status >= 500]
    unexpected = [a for a in errors_500 if not _overlaps(a, database_down)]
    locked = [a for a in phase.attempts if a.locked]
    log_locked = phase.log.count(LOCKED)
    verdicts = [
        Verdict(
            "every acknowledged comment is stored under its id",
            not missing,
            f"{len(acknowledged)} acknowledged, {len(missing)} missing"
            + (f" (probes {[a.probe for a in missing[:10]]})" if missing else ""),
        ),
        Verdict(
            "none is stored twice",
            not doubled,
            f"{len(doubled)} posts stored more than once"
            + (f" (probes {doubled[:10]})" if doubled else ""),
        ),
        Verdict(
            "no 5xx except while the database was down" if database_down else "no 5xx at all",
            not unexpected,
            f"{len(errors_500)} answers were 5xx ({_by_status(errors_500)})"
            + (f", {len(unexpected)} outside the downtime" if database_down else ""),
        ),
    ]
    if database_down is None:
        verdicts.append(
            Verdict(
                'no "database is locked"',
                not locked and not log_locked,
                f"{len(locked)} answers and {log_locked} server-log lines say it",
            )
        )
    return verdicts


def _summary(phase: Phase) -> str:
    statuses = Counter(a.status or a.error for a in phase.attempts)
    stored_unacked = sum(
        1
        for a in phase.attempts
        if a.acknowledged is None and phase.stored.get(a.probe) and a.status not in (400, 422)
    )
    return (
        f"{len(phase.attempts)} posts: "
        + ", ".join(f"{k} x{v}" for k, v in sorted(statuses.items(), key=lambda kv: str(kv[0])))
        + f"; {stored_unacked} stored without an acknowledgement (the answer was lost)"
    )


# --- Run -----------------------------------------------------------------------------------------


def _postgres_phase(args, texts, postgres: Postgres, work: Path) -> Phase:
    phase = Phase("PostgreSQL, 4 workers, kill -9 and restart")
    seconds = args.seconds
    with harness.townsquare_site(
        "faults-pg", database_url=postgres.url, settings=harness.LIFTED_LIMITS
    ) as site:
        _create_story(site)
        log = work / "pg-server.log"
        with harness.townsquare_server(site, workers=args.workers, log=log) as (base, master):
            done: set[str] = set()

            def inject(elapsed: float) -> None:
                if "kill" not in done and elapsed >= seconds / 3:
                    done.add("kill")
                    victims = harness.gunicorn_workers(master.pid)
                    began = time.monotonic()
                    for pid in victims:
                        with contextlib.suppress(ProcessLookupError):
                            os.kill(pid, signal.SIGKILL)
                    # Back when the master has a full set of new workers again.
                    while (
                        len(set(harness.gunicorn_workers(master.pid)) - set(victims)) < len(victims)
                        and time.monotonic() - began < 60
                    ):
                        time.sleep(0.05)
                    phase.events.append(("kill -9 workers", began, time.monotonic()))
                    print(f"  killed {len(victims)} workers at {elapsed:.1f} s", flush=True)
                if "restart" not in done and elapsed >= 2 * seconds / 3:
                    done.add("restart")
                    began = time.monotonic()
                    result = postgres.pg_ctl(
                        "restart", "-m", args.stop_mode, "-w", "-l", str(postgres.log)
                    )
                    phase.events.append(("database down", began, time.monotonic()))
                    print(
                        f"  PostgreSQL restarted ({args.stop_mode}) at {elapsed:.1f} s, down "
                        f"{time.monotonic() - began:.1f} s"
                        + ("" if result.returncode == 0 else f": {result.stderr.strip()}"),
                        flush=True,
                    )

            print(f"phase 1: {phase.name}, {args.posters} posters, {seconds:g} s", flush=True)
            _load(base, posters=args.posters, seconds=seconds, phase=phase, texts=texts,
                  on_tick=inject)  # fmt: skip
            time.sleep(1)
        phase.stored = _stored(site)
        phase.log = log.read_text(errors="replace")
    return phase


def _sqlite_phase(args, texts, work: Path) -> Phase:
    phase = Phase("SQLite, 4 workers, same load")
    with harness.townsquare_site("faults-sqlite", settings=harness.LIFTED_LIMITS) as site:
        _create_story(site)
        log = work / "sqlite-server.log"
        with harness.townsquare_server(site, workers=args.workers, log=log) as (base, _):
            print(f"phase 2: {phase.name}, {args.posters} posters, {args.seconds:g} s", flush=True)
            _load(base, posters=args.posters, seconds=args.seconds, phase=phase, texts=texts,
                  on_tick=lambda elapsed: None)  # fmt: skip
        phase.stored = _stored(site)
        phase.log = log.read_text(errors="replace")
    return phase


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke run, under ~2 minutes")
    parser.add_argument("--seconds", type=float, help="load per phase (30; quick 12)")
    parser.add_argument("--posters", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--stop-mode", choices=("fast", "immediate"), default="fast")
    parser.add_argument(
        "--shared-test-postgres",
        action="store_true",
        help="restart make test's PostgreSQL (127.0.0.1:54329), not a cluster of our own",
    )
    args = parser.parse_args()
    args.seconds = args.seconds or (12 if args.quick else 30)
    texts = harness.c3_texts()
    print(f"machine: {harness.machine_text()}; {harness.load_text()} at start")
    server = shared_test_postgres if args.shared_test_postgres else private_postgres
    with harness.scratch("faults") as work:
        with server() as postgres:
            pg = _postgres_phase(args, texts, postgres, work)
        sqlite = _sqlite_phase(args, texts, work)

    print()
    verdicts = []
    for phase, down in ((pg, pg.window("database down")), (sqlite, None)):
        print(f"{phase.name}: {_summary(phase)}")
        for name, began, ended in phase.events:
            back = min(
                (a.ended for a in phase.attempts if a.acknowledged and a.ended > ended),
                default=None,
            )
            print(
                f"  {name}: {began - phase.started:.1f}-{ended - phase.started:.1f} s; "
                + (
                    f"first acknowledged comment {back - began:.1f} s after it began"
                    if back
                    else "no comment acknowledged after it"
                )
            )
        for verdict in judge(phase, database_down=down):
            verdicts.append(verdict)
            print(f"  {'PASS' if verdict.passed else 'FAIL'}  {verdict.name}: {verdict.detail}")
        print(f"  server log: {phase.log.count('Traceback')} tracebacks, "
              f"{phase.log.count(LOCKED)} '{LOCKED}'")  # fmt: skip
    passed = all(v.passed for v in verdicts)
    print(f"{harness.load_text()} at the end")
    print(f"OVERALL: {'PASS' if passed else 'FAIL'} ({sum(v.passed for v in verdicts)} of "
          f"{len(verdicts)} checks)" + ("  [QUICK run]" if args.quick else ""))  # fmt: skip
    _write(pg, sqlite, verdicts, args)
    sys.exit(0 if passed else 1)


def _write(pg: Phase, sqlite: Phase, verdicts: list[Verdict], args) -> None:
    harness.RESULTS.mkdir(parents=True, exist_ok=True)
    (harness.RESULTS / "faults.json").write_text(
        json.dumps(
            {
                "quick": args.quick,
                "machine": harness.machine_text(),
                "posters": args.posters,
                "workers": args.workers,
                "seconds": args.seconds,
                "phases": {p.name: _summary(p) for p in (pg, sqlite)},
                "checks": [v.__dict__ for v in verdicts],
            },
            indent=2,
        )
    )
    plt = harness.pyplot()
    figure, axes = plt.subplots(2, 1, figsize=(9, 6), sharex=True)
    for axis, phase in zip(axes, (pg, sqlite), strict=True):
        width = 1.0
        buckets = int(args.seconds / width) + 2
        kinds = {
            "acknowledged": ("#2e7d32", lambda a: a.acknowledged is not None),
            "refused/nudged (4xx)": ("#f9a825", lambda a: 400 <= a.status < 500),
            "5xx": ("#c62828", lambda a: a.status >= 500),
            "no answer": ("#6d4c41", lambda a: a.status == 0),
        }
        for label, (colour, chosen) in kinds.items():
            counts = [0] * buckets
            for attempt in phase.attempts:
                if chosen(attempt):
                    slot = int((attempt.ended - phase.started) / width)
                    counts[min(max(slot, 0), buckets - 1)] += 1
            axis.step(
                [i * width for i in range(buckets)], counts, where="post", label=label, color=colour
            )
        for name, began, ended in phase.events:
            colour = "#c62828" if "database" in name else "#1565c0"
            axis.axvspan(
                began - phase.started, ended - phase.started, alpha=0.15, color=colour, label=name
            )
        axis.set_ylabel("answers per second")
        axis.set_title(phase.name, fontsize=9)
        axis.legend(fontsize=7, loc="upper right")
    axes[-1].set_xlabel("seconds into the load")
    figure.suptitle(f"{args.posters} posters ({harness.machine_text()})", fontsize=9)
    figure.tight_layout()
    figure.savefig(harness.RESULTS / "faults.png", dpi=120)
    print(f"plot: {harness.RESULTS / 'faults.png'}; figures: {harness.RESULTS / 'faults.json'}")


if __name__ == "__main__":
    main()
