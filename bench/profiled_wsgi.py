"""Townsquare's WSGI application with cProfile around every POST (for bench/post_profile.py).

gunicorn loads it as ``profiled_wsgi:application`` with bench/ on PYTHONPATH; after
``PROFILE_POSTS`` posts the worker writes the profile's top functions by cumulative time, and the
median time in the application, to ``PROFILE_OUT``.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import statistics
import time

from townsquare.wsgi import application as townsquare

_profile = cProfile.Profile()
_seconds: list[float] = []
_WANTED = int(os.environ.get("PROFILE_POSTS", "150"))


def application(environ, start_response):
    if environ["REQUEST_METHOD"] != "POST" or len(_seconds) >= _WANTED:
        return townsquare(environ, start_response)
    began = time.perf_counter()
    _profile.enable()
    try:
        return list(townsquare(environ, start_response))
    finally:
        _profile.disable()
        _seconds.append(time.perf_counter() - began)
        if len(_seconds) == _WANTED:
            out = io.StringIO()
            pstats.Stats(_profile, stream=out).sort_stats("cumulative").print_stats(40)
            if os.environ.get("PROFILE_DUMP"):  # the raw profile, for pstats' callers/callees
                _profile.dump_stats(os.environ["PROFILE_DUMP"])
            with open(os.environ["PROFILE_OUT"], "w") as handle:
                handle.write(
                    f"{_WANTED} posts, median {statistics.median(_seconds) * 1000:.1f} ms in the "
                    f"application\n{out.getvalue()}"
                )
