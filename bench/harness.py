"""What the benchmark scripts share: the C3 texts, one thread plan for every system, real servers
(Townsquare, Isso, nginx, a PostgreSQL of our own), wrk, a small HTTP reader with its own cookies,
and the figures' summary statistics.

Nothing here fakes a part: every server is the real program started as a subprocess on a
database of the bench's own under a temporary directory, and every figure comes from requests
made over loopback while the script runs.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import http.client
import http.cookies
import json
import math
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
C3 = ROOT.parent / "shared" / "data" / "c3" / "c3_dev.csv.gz"
if not C3.exists():  # a worktree sits beside main under /work, the shared data beside both
    C3 = Path("/work/shared/data/c3/c3_dev.csv.gz")
VENV_BIN = Path(sys.executable).parent
ISSO_VENV = BENCH / ".venv-isso"
ISSO_VERSION = "0.14.0"
SECRET_KEY = "bench-secret-key-not-for-production-" + "b" * 24
STORY_BODY = "\n\n".join(
    [
        "The harbour board voted on Tuesday night to keep the old ferry slip open for another "
        "two winters while engineers finish a survey of the pilings.",
        "Residents who depend on the early crossing packed the hall; several said the road "
        "detour adds forty minutes each way.",
        "The board's chair said the decision would be reviewed in the spring, once the survey "
        "has put a figure on the repairs.",
        "A public meeting on the longer-term plan is set for next month at the community centre.",
    ]
)
# Flood limits lifted for load generation (one simulated reader posts far faster than a person
# may); the spam timer off because the bench posts the moment it has the form. Every other check
# (duplicates, spam traps, banned words, the civility model, links) runs as shipped.
LIFTED_LIMITS = {
    "SPAM_MIN_SECONDS": "0",
    "RATE_LIMIT_SECONDS": "0",
    "RATE_LIMIT_PER_HOUR": "1000000",
    "NETWORK_RATE_LIMIT_PER_HOUR": "1000000",
    # Each simulated reader comes from an address of its own (X-Forwarded-For, as behind nginx),
    # so per-network queries see a realistic number of rows rather than every post of the run.
    "TRUSTED_PROXY_COUNT": "1",
}


# --- Data ------------------------------------------------------------------------------------


def c3_texts() -> list[str]:
    """The C3 development comments' texts, in file order (read from shared data, never copied)."""
    if not C3.exists():
        sys.exit(f"needs the C3 sample at {C3}")
    with gzip.open(C3, "rt", newline="") as handle:
        return [row["comment_text"] for row in csv.DictReader(handle) if row["comment_text"]]


@dataclass(frozen=True)
class PlannedComment:
    index: int
    author: str
    email: str
    text: str
    parent: int | None  # index of an earlier comment in the same thread


def thread_plan(n: int, *, texts: list[str], seed: int = 8) -> list[PlannedComment]:
    """``n`` comments for one story: C3 texts in order, every third one a reply.

    A reply answers an earlier comment of the thread chosen uniformly at random (seeded), so
    early comments collect more replies, as on a real story. Townsquare and Isso get exactly this
    plan; each nests replies by its own rules (Townsquare to five levels, Isso to one).
    """
    rng = random.Random(f"{seed}:{n}")
    plan = []
    for i in range(n):
        parent = rng.randrange(i) if i % 3 == 2 else None
        reader = i % 211
        plan.append(
            PlannedComment(
                index=i,
                author=f"Reader {reader}",
                email=f"reader{reader}@example.com",
                text=texts[i % len(texts)][:4900],
                parent=parent,
            )
        )
    return plan


# --- Machine ---------------------------------------------------------------------------------


def load_average() -> tuple[float, float, float]:
    return os.getloadavg()


def load_text() -> str:
    one, five, fifteen = load_average()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f}"


def machine_text() -> str:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores ({model or 'unknown CPU'}), Python {sys.version.split()[0]}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of ``values`` (``fraction`` in 0..1); nan for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(fraction * len(ordered))))
    return ordered[rank - 1]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def workdir(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"townsquare-{prefix}-"))


@contextlib.contextmanager
def scratch(prefix: str) -> Iterator[Path]:
    """A temporary directory for one run, removed afterwards."""
    directory = workdir(prefix)
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def wait_http(url: str, *, process: subprocess.Popen | None = None, timeout: float = 90) -> None:
    """Wait until ``url`` answers at all (any status); fail if ``process`` exits first."""
    parts = urllib.parse.urlsplit(url)
    deadline = time.monotonic() + timeout
    while True:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering {url}")
        try:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
            connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
            connection.getresponse().read()
            connection.close()
            return
        except (OSError, http.client.HTTPException):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def stop(process: subprocess.Popen, *, timeout: float = 20) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- Townsquare ------------------------------------------------------------------------------


@dataclass
class Site:
    """A Townsquare data directory and database; commands and servers run against it."""

    env: dict[str, str]
    workdir: Path
    label: str

    def run(self, *args: str, timeout: float = 900) -> str:
        done = subprocess.run(
            [str(VENV_BIN / "townsquare"), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise RuntimeError(f"townsquare {' '.join(args)} failed:\n{done.stderr[-4000:]}")
        return done.stdout

    def python(self, code: str) -> str:
        """Python with Django set up for this site (``townsquare shell -c``); its stdout."""
        return self.run("shell", "--no-imports", "-c", code)

    def script(self, path: Path, *args: str, timeout: float = 1800) -> str:
        """A bench script run with Django set up for this site (see seed_townsquare.py)."""
        done = subprocess.run(
            [str(VENV_BIN / "python"), str(path), *args],
            env={**self.env, "DJANGO_SETTINGS_MODULE": "townsquare.settings"},
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{path.name} failed:\n{done.stderr[-4000:]}")
        return done.stdout


def _postgres_database(base_url: str, name: str, *, create: bool) -> str:
    import psycopg

    parts = urllib.parse.urlsplit(base_url)
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True, connect_timeout=10) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            connection.execute(f'CREATE DATABASE "{name}"')
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


@contextlib.contextmanager
def townsquare_site(
    label: str,
    *,
    database_url: str = "",
    redis_url: str = "",
    settings: dict[str, str] | None = None,
) -> Iterator[Site]:
    """A migrated site in a temporary data directory: SQLite there, or a PostgreSQL database of
    its own (created on the server ``database_url`` names and dropped afterwards)."""
    directory = workdir(label)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_"))
        and key not in ("DATABASE_URL", "REDIS_URL", *LIFTED_LIMITS)
    }
    env.update(
        TOWNSQUARE_DATA_DIR=str(directory / "data"),
        SECRET_KEY=SECRET_KEY,
        LOG_LEVEL="WARNING",
        **(settings or {}),
    )
    created = ""
    if database_url:
        created = f"townsquare_bench_{label.replace('-', '_')}_{uuid.uuid4().hex[:8]}"
        env["DATABASE_URL"] = _postgres_database(database_url, created, create=True)
    if redis_url:
        env["REDIS_URL"] = redis_url
    site = Site(env=env, workdir=directory, label=label)
    try:
        site.run("migrate", "-v0")
        yield site
    finally:
        if created:
            with contextlib.suppress(Exception):
                _postgres_database(database_url, created, create=False)
        shutil.rmtree(directory, ignore_errors=True)


@contextlib.contextmanager
def townsquare_server(
    site: Site, *, workers: int = 2, port: int | None = None, log: Path | None = None
) -> Iterator[tuple[str, subprocess.Popen]]:
    """``townsquare serve`` (gunicorn) on loopback; yields (base URL, the gunicorn master)."""
    port = port or free_port()
    log_file = open(log or os.devnull, "a")  # noqa: SIM115 - closed below, after the server
    process = subprocess.Popen(
        [
            str(VENV_BIN / "townsquare"),
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ],
        env=site.env,
        # The access log (stdout) and errors (stderr) go to the log file when one is given.
        stdout=log_file,
        stderr=log_file,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{base}/", process=process)
        yield base, process
    finally:
        stop(process)
        log_file.close()


def gunicorn_workers(master_pid: int) -> list[int]:
    """The worker processes of a gunicorn master (its children)."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    with contextlib.suppress(OSError):
        return [int(pid) for pid in children.read_text().split()]
    return []


# --- Isso --------------------------------------------------------------------------------------


def isso_venv() -> Path:
    """Isso's own virtual environment (bench/.venv-isso, git-ignored); made on first use.

    gunicorn is pinned to the version Townsquare runs, so both servers use the same one.
    """
    python = ISSO_VENV / "bin" / "python"
    if not (ISSO_VENV / "bin" / "gunicorn").exists():
        from importlib.metadata import version

        print(f"making Isso's venv at {ISSO_VENV} (isso=={ISSO_VERSION})", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(ISSO_VENV)], check=True)
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                f"isso=={ISSO_VERSION}",
                f"gunicorn=={version('gunicorn')}",
            ],
            check=True,
        )
    return python


def isso_config(directory: Path) -> Path:
    """An Isso configuration: its SQLite file in ``directory``, moderation and the guard off.

    The guard (Isso's rate limit, two comments a minute per address) is Isso's flood limit; it
    is lifted like Townsquare's. ``host`` names a closed local port: Isso checks it once at start
    and fetches page titles from it only for threads created without a title (the bench always
    passes one).
    """
    path = directory / "isso.cfg"
    path.write_text(
        "\n".join(
            [
                "[general]",
                f"dbpath = {directory / 'isso.db'}",
                f"host = http://127.0.0.1:{free_port()}/",
                "notify = stdout",
                "[moderation]",
                "enabled = false",
                "[guard]",
                "enabled = false",
                "",
            ]
        )
    )
    return path


@contextlib.contextmanager
def isso_server(config: Path, *, workers: int = 2) -> Iterator[str]:
    """Isso under gunicorn ``-w N --preload``, as its documentation deploys it."""
    port = free_port()
    log = open(config.parent / "isso.log", "a")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            str(ISSO_VENV / "bin" / "gunicorn"),
            "-w",
            str(workers),
            "--preload",
            "-b",
            f"127.0.0.1:{port}",
            "isso.run",
        ],
        env={**os.environ, "ISSO_SETTINGS": str(config)},
        stdout=log,
        stderr=log,
        cwd=config.parent,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{base}/?uri=/warm-up/", process=process)
        yield base
    finally:
        stop(process)
        log.close()


# --- nginx -----------------------------------------------------------------------------------

NGINX_REFERENCE = BENCH / "nginx" / "townsquare.conf"


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        sys.exit("needs nginx (Debian: apt-get install nginx)")
    return found


def townsquare_nginx_include(*, listen: int, upstream: str, cache_dir: Path) -> str:
    """The reference config (bench/nginx/townsquare.conf) pointed at this run's ports and cache."""
    text = NGINX_REFERENCE.read_text()
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{listen};",
        "server 127.0.0.1:8000;": f"server {upstream};",
        "/var/cache/nginx/townsquare": str(cache_dir),
    }
    for old, new in replacements.items():
        if old not in text:
            raise RuntimeError(f"{NGINX_REFERENCE} no longer contains {old!r}")
        text = text.replace(old, new)
    return text


@contextlib.contextmanager
def nginx_server(directory: Path, *, includes: list[str], workers: int = 2) -> Iterator[None]:
    """nginx in the foreground with its own prefix, pid and logs under ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (directory / sub).mkdir(exist_ok=True)
    for index, text in enumerate(includes):
        (directory / f"site{index}.conf").write_text(text)
    user = "user root;\n" if os.geteuid() == 0 else ""
    (directory / "nginx.conf").write_text(
        f"""{user}worker_processes {workers};
daemon off;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 100000;
    client_body_temp_path {directory}/client_body;
    proxy_temp_path {directory}/proxy;
    fastcgi_temp_path {directory}/fastcgi;
    uwsgi_temp_path {directory}/uwsgi;
    scgi_temp_path {directory}/scgi;
    include {directory}/site*.conf;
}}
"""
    )
    binary = nginx_binary()
    command = [binary, "-p", str(directory), "-c", str(directory / "nginx.conf")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError(f"nginx -t failed:\n{check.stderr}")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        time.sleep(0.5)
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited: {process.stderr.read().decode()[-2000:]}")
        yield
    finally:
        stop(process)


# --- wrk ---------------------------------------------------------------------------------------

WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK-JSON {\\"requests\\": %d, \\"duration_us\\": %d, \\"bytes\\": %d, \\"connect\\": %d, " ..
    "\\"read\\": %d, \\"write\\": %d, \\"status\\": %d, \\"timeout\\": %d, " ..
    "\\"p50_us\\": %d, \\"p99_us\\": %d, \\"max_us\\": %d}\\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(99), latency.max))
end
"""


@dataclass
class WrkRun:
    requests: int
    seconds: float
    bytes: int
    errors: dict[str, int]
    p50_ms: float
    p99_ms: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def failed(self) -> int:
        """Requests that did not get a 2xx/3xx answer in time (status, timeouts, socket errors)."""
        return sum(self.errors.values())


def wrk(
    url: str,
    *,
    seconds: float,
    threads: int = 2,
    connections: int = 32,
    timeout: float = 10,
    script_dir: Path | None = None,
) -> WrkRun:
    """One ``wrk -tT -cC -dD --latency`` run; its figures from wrk's own summary (Lua ``done``)."""
    if not shutil.which("wrk"):
        sys.exit("needs wrk (Debian: apt-get install wrk)")
    script = (script_dir or Path(tempfile.gettempdir())) / "townsquare-wrk-report.lua"
    script.write_text(WRK_REPORT)
    done = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            f"--timeout={max(1, round(timeout))}s",
            "--latency",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + timeout + 60,
    )
    return parse_wrk(done.stdout + done.stderr)


def parse_wrk(output: str) -> WrkRun:
    match = re.search(r"^WRK-JSON (\{.*\})$", output, re.M)
    if match is None:
        raise RuntimeError(f"wrk gave no summary:\n{output[-2000:]}")
    data = json.loads(match.group(1))
    return WrkRun(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        bytes=data["bytes"],
        errors={key: data[key] for key in ("connect", "read", "write", "status", "timeout")},
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
    )


# --- One reader over HTTP -----------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    began: float
    ended: float
    set_cookies: list[str] = field(default_factory=list)  # names, in the order they were set

    @property
    def ms(self) -> float:
        return (self.ended - self.began) * 1000

    def json(self) -> dict:
        return json.loads(self.body or b"{}")


@dataclass
class Reader:
    """One browser: its own cookies and address, one fresh connection per request (gunicorn's
    sync workers close every connection anyway)."""

    base: str
    address: str = ""
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 60

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        parts = urllib.parse.urlsplit(self.base)
        sent = {"Host": parts.netloc, "User-Agent": "townsquare-bench", **(headers or {})}
        if self.cookies and "Cookie" not in sent:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.address:
            sent["X-Forwarded-For"] = self.address
        began = time.perf_counter()
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        ended = time.perf_counter()
        set_cookies = []
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = http.cookies.SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                set_cookies.append(name)
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return Answer(
            status=response.status,
            headers={k.lower(): v for k, v in response.getheaders()},
            body=data,
            began=began,
            ended=ended,
            set_cookies=set_cookies,
        )


def townsquare_form(reader: Reader, slug: str) -> dict[str, str]:
    """What the page's script holds before it posts, got as the script gets it.

    The article page is public (the same for every reader): it carries the thread's token; the
    script asks the API for a fresh form timestamp and a device token when the reader starts
    writing (``POST /api/v1/forms``), as here. Every posting bench goes through this function.
    """
    page = reader.request("GET", f"/stories/{slug}/")
    found = re.search(rb'data-thread-token="([^"]+)"', page.body)
    if page.status != 200 or found is None:
        raise RuntimeError(f"no thread token on /stories/{slug}/ (HTTP {page.status})")
    thread_token = found.group(1).decode()
    answer = reader.request(
        "POST",
        "/api/v1/forms",
        body=json.dumps({"thread_token": thread_token}).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        data = answer.json()
        started, device = data["form_started"], data["device_token"]
    except (ValueError, KeyError, TypeError):
        started = device = None
    if answer.status != 200 or not started:
        raise RuntimeError(
            f"no form timestamp from POST /api/v1/forms (HTTP {answer.status}); "
            "see harness.townsquare_form"
        )
    return {"form_started": started, "thread_token": thread_token, "device_token": device or ""}


def townsquare_post(
    reader: Reader,
    slug: str,
    form: dict[str, str],
    *,
    author: str,
    email: str,
    text: str,
    parent: int | None = None,
    script: bool = True,
) -> Answer:
    """Post as the page's script does (``script``: the API, 201 with the comment) or as a
    browser without JavaScript does (the plain form, 303 to the comment's page)."""
    if script:
        body = json.dumps(
            {
                **form,
                "author": author,
                "email": email,
                "url": "",
                "comment": text,
                "parent_id": parent,
            }
        ).encode()
        answer = reader.request(
            "POST", "/api/v1/comments", body=body, headers={"Content-Type": "application/json"}
        )
    else:
        body = urllib.parse.urlencode(
            {
                "form_started": form["form_started"],
                "author": author,
                "email": email,
                "url": "",
                "comment": text,
                "comment_parent": "" if parent is None else str(parent),
            }
        ).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        answer = reader.request("POST", f"/stories/{slug}/comments/", body=body, headers=headers)
    # Each form token posts once; the script takes the next one from the answer, as here (a
    # bench that reused the first would measure refusals after the first post).
    with contextlib.suppress(ValueError, AttributeError, TypeError):
        form["form_started"] = answer.json().get("form_started") or form["form_started"]
    return answer


ACKNOWLEDGED_LOCATION = re.compile(r"#comment-(\d+)$")


def acknowledged_id(answer: Answer) -> int | None:
    """The id of the comment an answer acknowledges as stored (201 JSON, or 303 to its anchor)."""
    if answer.status == 201:
        with contextlib.suppress(ValueError, AttributeError, TypeError):
            comment = answer.json().get("comment") or {}
            value = comment.get("id")
            return int(value) if value is not None else None
    if answer.status == 303:
        match = ACKNOWLEDGED_LOCATION.search(answer.headers.get("location", ""))
        return int(match.group(1)) if match else None
    return None


# --- Plot ---------------------------------------------------------------------------------------


def pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    RESULTS.mkdir(parents=True, exist_ok=True)
    return plt


def ratio_line(name: str, value: str, target: str, met: bool) -> str:
    return f"  {name}: {value}  (target {target})  {'MET' if met else 'MISSED'}"
