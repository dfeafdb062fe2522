"""Real Townsquare servers for tests that need several processes: ``townsquare serve`` (gunicorn)
on a database of their own, SQLite in a temporary data directory or, when the suite runs against
PostgreSQL (DATABASE_URL), a fresh PostgreSQL database beside the test database."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
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


@contextlib.contextmanager
def site(tmp_path: Path, **settings: str) -> Iterator[Site]:
    """A migrated site; PostgreSQL when the suite runs on it, SQLite otherwise."""
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
        import psycopg

        base, _, _ = database_url.rpartition("/")
        created = f"townsquare_servers_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{created}"')
        env["DATABASE_URL"] = f"{base}/{created}"
    the_site = Site(env=env)
    try:
        the_site.run("migrate", "-v0")
        yield the_site
    finally:
        if created:
            import psycopg

            with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)')


@contextlib.contextmanager
def server(the_site: Site, *, workers: int = 2) -> Iterator[str]:
    """``townsquare serve`` on a free port; yields its base URL and stops it afterwards."""
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
