"""Files Townsquare creates for itself are private from their first byte."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Starts Django in a fresh process with umask 0, so any file created with default permissions
# comes out world-readable, and with chmod disabled, so a "write, then chmod" would show too.
START_WITH_UMASK_0 = textwrap.dedent(
    """
    import os, pathlib, sys
    os.umask(0)
    os.chmod = pathlib.Path.chmod = lambda *args, **kwargs: None
    import django
    django.setup()
    import json, stat
    from django.conf import settings
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS t (x int)")
        cursor.execute("INSERT INTO t VALUES (1)")
        # The -wal and -shm files exist while a connection is open; SQLite removes them after.
        modes = {
            path.name: stat.S_IMODE(path.stat().st_mode)
            for path in pathlib.Path(settings.DATA_DIR).iterdir()
        }
    print(json.dumps({"key": settings.SECRET_KEY, "modes": modes}))
    """
)


def _start(data_dir: Path) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(TOWNSQUARE_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="townsquare.settings")
    done = subprocess.run(
        [sys.executable, "-c", START_WITH_UMASK_0],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_generated_secret_key_and_sqlite_files_are_owner_only(tmp_path):
    data_dir = tmp_path / "data"
    first = _start(data_dir)
    assert len(first["key"]) >= 50
    private = [
        "secret_key",
        "townsquare.sqlite3",
        "townsquare.sqlite3-wal",
        "townsquare.sqlite3-shm",
    ]
    assert {name: oct(first["modes"].get(name, 0)) for name in private} == {
        name: oct(0o600) for name in private
    }
    assert not [name for name in first["modes"] if name.endswith(".tmp")]

    # The second start reuses the key, and the files stay private.
    second = _start(data_dir)
    assert second["key"] == first["key"]
    assert oct(stat.S_IMODE((data_dir / "secret_key").stat().st_mode)) == oct(0o600)


def test_a_site_that_can_span_machines_must_set_its_secret_key(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        TOWNSQUARE_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="townsquare.settings",
        DATABASE_URL="postgres://nobody@127.0.0.1:1/none",
    )
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "SECRET_KEY is not set" in done.stderr
    assert not (tmp_path / "secret_key").exists()  # no key left on one machine's disk
