"""Real Townsquare servers for tests that need several processes: ``townsquare serve`` (gunicorn)
on a database of their own, SQLite in a temporary data directory or, when the suite runs against
PostgreSQL (DATABASE_URL), a fresh PostgreSQL database beside the test database.

Each site starts from a database that a real ``townsquare migrate`` made, but that command runs
once per test process (about 3 CPU seconds each time): the first site of a process migrates a
template, and every site gets a copy of it (SQLite: the file copied; PostgreSQL: ``CREATE
DATABASE ... TEMPLATE``), so no site sees another's data.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Site:
    """A database and data directory shared by the servers started on it."""

    env: dict[str, str]

    def run(self, *args: str, input: str | None = None) -> str:
        """Run a ``townsquare`` command against this site; return its standard output."""
        done = subprocess.run(
            [str(BIN / "townsquare"), *args],
            env=self.env,
            input=input,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            raise RuntimeError(f"townsquare {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def python(self, code: str) -> str:
        """Run Python with Django set up for this site (``townsquare shell -c``)."""
        return self.run("shell", "--no-imports", "-c", code)


# The settings that change what `migrate` makes, with the values a site gets when they are not
# set: the apps installed (the Redis task backend adds two, with their migrations) and what the
# migrations read (the default site's name, the cache table). A site with other values gets a
# template of its own; one that sets a default explicitly shares the template of one that does not.
MIGRATION_SETTINGS = {
    "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    "SITE_NAME": "The Harbour Courier",
    "CACHE_TABLE": "townsquare_cache",
}
_templates: dict[tuple, str] = {}


def _template_key(*kind: str, env: dict[str, str]) -> tuple:
    return (*kind, *(env.get(name, default) for name, default in MIGRATION_SETTINGS.items()))


def _sqlite_path(env: dict[str, str]) -> Path:
    url = env.get("DATABASE_URL", "")
    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///"))
    return Path(env["TOWNSQUARE_DATA_DIR"]) / "townsquare.sqlite3"


def _migrated_sqlite_template(env: dict[str, str]) -> str:
    key = _template_key("sqlite", env=env)
    if key not in _templates:
        folder = tempfile.mkdtemp(prefix="townsquare-template-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        path = Path(folder) / "migrated.sqlite3"
        Site(
            env={
                **env,
                "TOWNSQUARE_DATA_DIR": str(Path(folder) / "data"),
                "DATABASE_URL": f"sqlite:///{path}",
            }
        ).run("migrate", "-v0")
        _templates[key] = str(path)
    return _templates[key]


def _sqlite_copy(source: str, target: Path) -> None:
    """A consistent copy (SQLite's backup API), private as the settings make a new file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    with (
        contextlib.closing(sqlite3.connect(source)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)


def _postgres_admin(base: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def _migrated_postgres_template(base: str, env: dict[str, str]) -> str:
    key = _template_key("postgres", base, env=env)
    if key not in _templates:
        name = f"townsquare_servers_template_{uuid.uuid4().hex[:10]}"
        _postgres_admin(base, f'CREATE DATABASE "{name}"')
        atexit.register(_postgres_admin, base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        Site(env={**env, "DATABASE_URL": f"{base}/{name}"}).run("migrate", "-v0")
        _templates[key] = name
    return _templates[key]


@contextlib.contextmanager
def site(tmp_path: Path, **settings: str) -> Iterator[Site]:
    """A migrated site of its own; PostgreSQL when the suite runs on it, SQLite otherwise."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_")) and key != "DATABASE_URL"
    }
    env.update(
        TOWNSQUARE_DATA_DIR=str(tmp_path / "data"),
        SECRET_KEY="test-secret-key-for-several-processes-" + "x" * 20,
        LOG_LEVEL="WARNING",
        **settings,
    )
    database_url = os.environ.get("DATABASE_URL", "")
    created = None
    if database_url.startswith("postgres") and "DATABASE_URL" not in settings:
        base, _, _ = database_url.rpartition("/")
        template = _migrated_postgres_template(base, env)
        created = f"townsquare_servers_{uuid.uuid4().hex[:10]}"
        _postgres_admin(base, f'CREATE DATABASE "{created}" TEMPLATE "{template}"')
        env["DATABASE_URL"] = f"{base}/{created}"
    elif env.get("DATABASE_URL", "sqlite").startswith("sqlite"):
        _sqlite_copy(_migrated_sqlite_template(env), _sqlite_path(env))
    else:
        Site(env=env).run("migrate", "-v0")
    try:
        yield Site(env=env)
    finally:
        if created:
            _postgres_admin(base, f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)')


@contextlib.contextmanager
def server(the_site: Site, *, workers: int = 1) -> Iterator[str]:
    """``townsquare serve`` on a free port; yields its base URL and stops it afterwards.

    One worker process unless the test needs several at once (each costs about 1.4 CPU
    seconds to start: Django set up, the URLs and templates loaded on its first request).
    """
    port = free_port()
    process = subprocess.Popen(
        [
            str(BIN / "townsquare"),
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ],
        env=the_site.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"townsquare serve exited:\n{process.stderr.read()[-3000:]}")
            try:
                urllib.request.urlopen(f"{base}/", timeout=2).read()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
