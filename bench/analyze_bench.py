"""Perspective-compatible ``comments:analyze`` under load: requests a second, p50 and p99.

Starts ``townsquare serve`` (gunicorn, 2 workers by default; run through this checkout's
manage.py) on loopback on a fresh SQLite site, makes an analysis key with
``townsquare scoring-key create``, and drives the endpoint with 1, 8 and 32 concurrent clients,
each on its own keep-alive connection, posting Coral's exact request (``TOXICITY``,
``languages: ["en"]``, ``doNotStore``) with real news comments (C3, ../shared/data) for a fixed
time per level. Reports each level against Coral's 800 ms budget and Perspective's default quota
of 1 query a second, and writes bench/results/analyze.png.

    .venv/bin/python bench/analyze_bench.py [--seconds 15] [--workers 2] [--levels 1,8,32]
        [--database-url postgres://postgres@127.0.0.1:54329] [--redis-url redis://127.0.0.1:6379/4]

With ``--database-url`` the site gets a PostgreSQL database of its own on that server (created,
then dropped); with ``--redis-url`` the cache (and so the per-key rate count) is Redis.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402

CORAL_BUDGET_MS = 800
PERSPECTIVE_QPS = 1.0


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(harness.ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=harness.ROOT,
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def drive(port: int, key: str, texts: list[str], clients: int, seconds: float) -> dict:
    """``clients`` threads, one keep-alive connection each, posting for ``seconds``."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(n: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = n
        mine, codes = [], {}
        while time.monotonic() < stop_at:
            body = json.dumps(
                {
                    "comment": {"text": texts[i % len(texts)]},
                    "doNotStore": True,
                    "requestedAttributes": {"TOXICITY": {}},
                    "languages": ["en"],
                }
            )
            i += clients
            began = time.perf_counter()
            try:
                connection.request(
                    "POST",
                    f"/perspective/v1alpha1/comments:analyze?key={key}",
                    body=body,
                    headers={"Content-Type": "application/json", "User-Agent": "analyze-bench"},
                )
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = 0
            mine.append((time.perf_counter() - began) * 1000)
            codes[status] = codes.get(status, 0) + 1
        connection.close()
        with lock:
            latencies.extend(mine)
            for code, count in codes.items():
                statuses[code] = statuses.get(code, 0) + count

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    ok = statuses.get(200, 0)
    return {
        "clients": clients,
        "requests": len(latencies),
        "ok": ok,
        "statuses": statuses,
        "rps": ok / elapsed,
        "p50": harness.percentile(latencies, 0.5),
        "p99": harness.percentile(latencies, 0.99),
        "within_budget": sum(1 for v in latencies if v <= CORAL_BUDGET_MS) / max(1, len(latencies)),
        "latencies": latencies,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--levels", default="1,8,32")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--redis-url", default="")
    args = parser.parse_args()
    levels = [int(v) for v in args.levels.split(",")]
    texts = harness.c3_texts()[:2000]

    with harness.scratch("analyze") as directory:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "PYTEST_")) and k not in ("DATABASE_URL", "REDIS_URL")
        }
        env.update(
            TOWNSQUARE_DATA_DIR=str(directory / "data"),
            SECRET_KEY=harness.SECRET_KEY,
            LOG_LEVEL="WARNING",
            DJANGO_SETTINGS_MODULE="townsquare.settings",
        )
        if args.database_url:
            env["DATABASE_URL"] = harness._postgres_database(
                args.database_url, "townsquare_bench_analyze", create=True
            )
        if args.redis_url:
            env["REDIS_URL"] = args.redis_url
        manage(env, "migrate", "-v0")
        key = manage(
            env, "scoring-key", "create", "--site", "default", "--rate-per-minute", "10000000"
        ).strip()
        port = harness.free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                str(harness.ROOT / "manage.py"),
                "serve",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--no-control-socket",
            ],
            env=env,
            cwd=harness.ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            harness.wait_http(f"http://127.0.0.1:{port}/", process=server)
            # Each worker loads the model on its first call: warm both before measuring.
            drive(port, key, texts, clients=args.workers * 2, seconds=3)
            results = []
            for clients in levels:
                result = drive(port, key, texts, clients=clients, seconds=args.seconds)
                results.append(result)
                print(
                    f"{clients:>3} clients: {result['rps']:7.1f} req/s  "
                    f"p50 {result['p50']:7.1f} ms  p99 {result['p99']:7.1f} ms  "
                    f"within 800 ms {result['within_budget']:.1%}  "
                    f"= {result['rps'] / PERSPECTIVE_QPS:.0f}x Perspective's 1 QPS  "
                    f"statuses {result['statuses']}",
                    flush=True,
                )
        finally:
            harness.stop(server)
            if args.database_url:
                harness._postgres_database(
                    args.database_url, "townsquare_bench_analyze", create=False
                )
    print(
        f"{args.workers} workers; database {'PostgreSQL' if args.database_url else 'SQLite'}, "
        f"cache {'Redis' if args.redis_url else 'the database'}"
    )
    print(harness.machine_text())
    print(harness.load_text())
    plot(results, args.workers)


def plot(results: list[dict], workers: int) -> None:
    plt = harness.pyplot()
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    names = [str(r["clients"]) for r in results]
    left.bar(names, [r["rps"] for r in results], color="#2c7fb8")
    left.axhline(
        PERSPECTIVE_QPS, color="#c0392b", ls="--", label="Perspective default quota, 1 QPS"
    )
    left.set_xlabel("concurrent clients")
    left.set_ylabel("requests / second")
    left.set_title(f"comments:analyze throughput ({workers} workers)")
    left.legend(fontsize=8)
    right.plot(names, [r["p50"] for r in results], marker="o", label="p50")
    right.plot(names, [r["p99"] for r in results], marker="o", label="p99")
    right.axhline(CORAL_BUDGET_MS, color="#c0392b", ls="--", label="Coral's 800 ms budget")
    right.set_xlabel("concurrent clients")
    right.set_ylabel("latency (ms)")
    right.set_yscale("log")
    right.set_title("latency per request")
    right.legend(fontsize=8)
    fig.tight_layout()
    out = harness.RESULTS / "analyze.png"
    fig.savefig(out, dpi=110)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
