"""``townsquare serve``: gunicorn with the project's settings.

gunicorn (since 25.1) opens a control socket for ``gunicornc``. Its default path is one per user,
``$XDG_RUNTIME_DIR/gunicorn.ctl`` or ``~/.gunicorn/gunicorn.ctl``, whatever the application: a
second gunicorn started by the same user (another Townsquare, a staging copy, any other site)
deletes the first one's socket and binds its own, and whichever stops first deletes the
survivor's, so ``gunicornc`` ends up steering the wrong server or none. ``serve`` therefore gives
each server its own socket in the data directory, named after the address it listens on (two
servers cannot share that), unless told otherwise.

By default each worker runs one request at a time (gunicorn's sync worker, ``--threads 1``) and
the workers share one listening socket, so whichever worker is free takes the next connection. A
request's work is Python under the GIL (the civility model, the ORM, the templates): threads in
one worker take turns on one core rather than adding any, and a post that landed beside three
others in one worker waited for all of them. With four clients posting to two workers
(``bench/post_bench.py``) the p99 was 133 ms with 4 threads a worker and a socket each, 63 ms with
this default; the read path's rate was the same within 3 % (docs/benchmarks.md).

``--threads N`` (N > 1) runs gunicorn's gthread worker, which keeps connections alive; then each
worker listens on a socket of its own (``--reuse-port``, SO_REUSEPORT) and the kernel spreads new
connections over them evenly, because on one shared socket a burst of keep-alive connections (a
proxy's pool, a load test's) can all be accepted by one threaded worker while the others idle:
with ``wrk -c32`` on 2 workers, all 32 connections went to one worker in 3 runs of 6, at about
450 req/s instead of about 1,300. The price of SO_REUSEPORT: while *no* worker is running (all of
them killed at once, before the master has started new ones) the port refuses connections
instead of queueing them, and a dying worker's not-yet-accepted connections are reset.
``--reuse-port`` / ``--no-reuse-port`` choose either way whatever the threads. Because
SO_REUSEPORT would let a second server started by the same user on the same port share it
silently (half the requests answered by each), ``serve`` first checks that nothing listens on the
address and refuses to start if something does.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import socket
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from townsquare.lib.commands import MIGRATE_FIRST, database_problem

# sockaddr_un.sun_path holds 108 bytes on Linux, including the terminating NUL.
UNIX_SOCKET_PATH_MAX = 107


def control_socket_path(bind: str) -> Path:
    """This server's control socket: the data directory, plus a name made from ``bind``."""
    name = re.sub(r"[^A-Za-z0-9.]+", "-", bind).strip("-")
    if len(name) > 40:  # a long unix: path, say; a short digest is still one name per address
        name = hashlib.sha256(bind.encode()).hexdigest()[:16]
    return Path(settings.DATA_DIR) / f"gunicorn-{name}.ctl"


def address_in_use(bind: str) -> bool:
    """Whether something already listens on ``bind`` (``HOST:PORT``; unix sockets: False).

    A plain bind (no SO_REUSEPORT) fails with EADDRINUSE on a port another socket holds, with
    or without SO_REUSEPORT on that socket.
    """
    if bind.startswith(("unix:", "fd://")) or ":" not in bind:
        return False
    host, _, port = bind.rpartition(":")
    host = host.strip("[]") or "0.0.0.0"
    try:
        infos = socket.getaddrinfo(host, int(port), type=socket.SOCK_STREAM)
    except (OSError, ValueError):
        return False  # gunicorn reports an address it cannot use
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            return exc.errno == errno.EADDRINUSE
    return False


class Command(BaseCommand):
    help = "Serve Townsquare with gunicorn (production-style server)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default=os.environ.get("BIND", "127.0.0.1:8000"),
            help="HOST:PORT (or unix:PATH) to listen on (default: $BIND or 127.0.0.1:8000)",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("WEB_THREADS", "1")),
            help="threads per worker (default: $WEB_THREADS or 1, one request at a time; more: "
            "gunicorn's gthread worker, which keeps connections alive)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", "2")),
            help="worker processes (default: $WEB_CONCURRENCY or 2)",
        )
        ports = parser.add_mutually_exclusive_group()
        ports.add_argument(
            "--reuse-port",
            action="store_true",
            help="one listening socket per worker, balanced by the kernel (the default with "
            "--threads above 1)",
        )
        ports.add_argument(
            "--no-reuse-port",
            action="store_true",
            help="one listening socket shared by the workers (the default with --threads 1)",
        )
        sockets = parser.add_mutually_exclusive_group()
        sockets.add_argument(
            "--control-socket",
            metavar="PATH",
            help=(
                "gunicorn's control socket, for gunicornc -s PATH (default: "
                "gunicorn-<bind>.ctl in the data directory)"
            ),
        )
        sockets.add_argument(
            "--no-control-socket", action="store_true", help="Open no control socket."
        )

    def handle(
        self,
        *args,
        bind,
        workers,
        threads,
        control_socket,
        no_control_socket,
        no_reuse_port=False,
        reuse_port=False,
        **options,
    ):
        arguments = [
            "townsquare.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--threads",
            str(max(1, threads)),
            "--access-logfile",
            "-",
            "--forwarded-allow-ips",
            "127.0.0.1",
            "--logger-class",
            "townsquare.lib.serverlog.ServeLogger",
        ]
        per_worker = reuse_port or (threads > 1 and not no_reuse_port)
        if address_in_use(bind):
            raise CommandError(
                f"Something is already listening on {bind}: stop it, or choose another --bind."
                + (
                    " (Each worker opens a socket of its own on the port, which would otherwise "
                    "share it with whatever holds it.)"
                    if per_worker
                    else ""
                )
            )
        if per_worker:
            arguments.append("--reuse-port")
        socket_note = "no control socket"
        if not no_control_socket:
            path = Path(control_socket) if control_socket else control_socket_path(bind)
            path = path if path.is_absolute() else Path.cwd() / path
            if len(os.fsencode(path)) > UNIX_SOCKET_PATH_MAX:
                raise CommandError(
                    f"The control socket path {path} is longer than a Unix socket allows "
                    f"({UNIX_SOCKET_PATH_MAX} bytes): pass a shorter --control-socket PATH, or "
                    "--no-control-socket."
                )
            arguments += ["--control-socket", str(path)]
            socket_note = f"control socket {path} (gunicornc -s {path})"
        else:
            arguments.append("--no-control-socket")

        problem = database_problem()
        if problem is not None:
            # Serving still starts (a proxy's health check may want the port open), but every
            # page would fail until the schema exists.
            self.stderr.write(f"Warning: {problem}; {MIGRATE_FIRST}, or every page will fail.")
        connections.close_all()  # gunicorn's processes open their own
        call_command("collectstatic", interactive=False, verbosity=0)
        gunicorn = shutil.which("gunicorn") or os.path.join(
            os.path.dirname(sys.executable), "gunicorn"
        )
        host = bind if "://" in bind else f"http://{bind}"
        self.stdout.write(self.style.SUCCESS(f"Townsquare is serving at {host}/ (Ctrl-C stops it)"))
        sockets_note = "a socket per worker" if per_worker else "one shared socket"
        self.stdout.write(
            f"gunicorn: {workers} workers × {max(1, threads)} threads, {sockets_note}, "
            f"{socket_note}"
        )
        self.stdout.flush()
        os.execv(gunicorn, [gunicorn, *arguments])
