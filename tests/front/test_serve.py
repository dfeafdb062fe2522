"""``townsquare serve``: each server gets its own gunicorn control socket.

gunicorn 27's default control socket is one path per user (``$XDG_RUNTIME_DIR/gunicorn.ctl`` or
``~/.gunicorn/gunicorn.ctl``), so two servers run by one user used to take it from each other.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from gunicorn.ctl.client import ControlClient, ControlClientError

ROOT = Path(__file__).resolve().parents[2]
TOWNSQUARE = Path(sys.executable).with_name("townsquare")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stats(path: Path) -> dict | None:
    try:
        client = ControlClient(str(path), timeout=2)
        try:
            return client.send_command("show stats")
        finally:
            client.close()
    except (ControlClientError, OSError):
        return None


def _wait_for_stats(path: Path, server: subprocess.Popen, seconds: float = 90) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server exited: {server.stdout.read()}")
        if path.exists() and (stats := _stats(path)) is not None:
            return stats
        time.sleep(0.25)
    pytest.fail(f"no control socket answered at {path}")


def test_two_servers_run_by_one_user_keep_separate_control_sockets(tmp_path):
    home, data = tmp_path / "home", tmp_path / "data"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"XDG_RUNTIME_DIR", "DATABASE_URL"}}
    env.update(HOME=str(home), TOWNSQUARE_DATA_DIR=str(data), SECRET_KEY="serve-test-key")
    servers = []
    try:
        for port in (_free_port(), _free_port()):
            servers.append(
                (
                    port,
                    subprocess.Popen(
                        [str(TOWNSQUARE), "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                        cwd=ROOT,
                        env=env,
                        stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT,
                        text=True,
                    ),
                )
            )
        answers = {
            port: _wait_for_stats(data / f"gunicorn-127.0.0.1-{port}.ctl", server)
            for port, server in servers
        }
        # os.execv keeps the process id, so each socket must answer with its own server's pid.
        assert {port: stats["pid"] for port, stats in answers.items()} == {
            port: server.pid for port, server in servers
        }
        assert not (home / ".gunicorn" / "gunicorn.ctl").exists()

        # Stopping one leaves the other's socket in place and answering.
        (first_port, first), (second_port, second) = servers
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=30)
        assert not (data / f"gunicorn-127.0.0.1-{first_port}.ctl").exists()
        assert _stats(data / f"gunicorn-127.0.0.1-{second_port}.ctl")["pid"] == second.pid
    finally:
        for _, server in servers:
            if server.poll() is None:
                server.send_signal(signal.SIGTERM)
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    server.kill()


def test_a_control_socket_path_too_long_for_unix_is_refused_before_starting(tmp_path):
    env = {**os.environ, "TOWNSQUARE_DATA_DIR": str(tmp_path), "SECRET_KEY": "serve-test-key"}
    done = subprocess.run(
        [str(TOWNSQUARE), "serve", "--control-socket", str(tmp_path / ("x" * 120))],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "longer than a Unix socket allows" in done.stderr


def test_a_port_already_listened_on_is_reported_whether_or_not_its_socket_shares_it():
    from townsquare.front.management.commands.serve import address_in_use

    for shared in (False, True):
        with socket.socket() as holder:
            if shared:
                holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            holder.bind(("127.0.0.1", 0))
            holder.listen()
            port = holder.getsockname()[1]
            assert address_in_use(f"127.0.0.1:{port}")
        assert not address_in_use(f"127.0.0.1:{port}")
    assert not address_in_use("unix:/tmp/townsquare.sock")


def test_serve_refuses_a_port_something_listens_on_before_starting_gunicorn(tmp_path, settings):
    from django.core.management import CommandError, call_command

    settings.DATA_DIR = tmp_path
    with socket.socket() as holder:
        holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)  # as a worker's socket is
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        with pytest.raises(CommandError, match="already listening"):
            call_command("serve", bind=f"127.0.0.1:{port}", no_control_socket=True)


@pytest.mark.parametrize(
    ("extra", "banner", "sockets"),
    [
        # The default: one request at a time per worker, one socket they share (gunicorn's own
        # banner names the address and the master's pid).
        ([], "Listening at: http://127.0.0.1:{port} (", "1 workers × 1 threads, one shared socket"),
        # Threads: a socket per worker, and gunicorn's master holds none, so its banner read
        # "Listening at: " until our logger filled the address in.
        (
            ["--threads", "2"],
            "Listening at: http://127.0.0.1:{port} (a socket per worker)",
            "1 workers × 2 threads, a socket per worker",
        ),
        (
            ["--reuse-port"],
            "Listening at: http://127.0.0.1:{port} (a socket per worker)",
            "1 workers × 1 threads, a socket per worker",
        ),
    ],
)
def test_the_start_up_banner_names_the_address_and_warns_of_an_unmigrated_database(
    tmp_path, extra, banner, sockets
):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(TOWNSQUARE_DATA_DIR=str(tmp_path), SECRET_KEY="serve-test-key")
    env.pop("WEB_THREADS", None)
    command = [sys.executable, "manage.py", "serve", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [*command, "--workers", "1", *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    seen = []
    try:
        for line in server.stdout:
            seen.append(line)
            if "Listening at:" in line:
                break
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    output = "".join(seen)
    assert banner.format(port=port) in output, output
    assert f"gunicorn: {sockets}" in output, output
    assert "the database is empty (never migrated); run `townsquare migrate` first" in output
