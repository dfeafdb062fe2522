"""WhiteNoise, whose description of each static file is made once per process.

WhiteNoise's middleware builds, when it is created, a response description for every static
file (headers, ETag, the compressed alternatives): about 60 ms for this project's ~150 files. A
server creates its middleware once per process, so this changes nothing there; but Django's test
client creates the middleware again for every client, which made that work about a tenth of
the CPU of a test that uses many clients (tests/comments/test_abuse.py) and several CPU
seconds of a test run.

A description is reused only for the same file, URL and WhiteNoise settings, and only while the
file, and its .gz and .br copies, have the size and modification time they had when it was made;
otherwise it is made again, as WhiteNoise makes it.
"""

from __future__ import annotations

import os
from typing import Any, ClassVar

from django.conf import settings
from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.responders import StaticFile


def _signature(stat: os.stat_result | None) -> tuple[int, int] | None:
    return None if stat is None else (stat.st_size, stat.st_mtime_ns)


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    _made: ClassVar[dict[tuple, StaticFile]] = {}

    _key: tuple | None = None

    def _settings_key(self) -> tuple:
        # Read once per middleware: settings' lookups cost more than the reuse saves otherwise.
        if self._key is None:
            self._key = self._read_settings_key()
        return self._key

    def _read_settings_key(self) -> tuple:
        return (
            type(self),
            self.static_prefix,
            self.max_age,
            self.allow_all_origins,
            self.charset,
            self.index_file,
            self.add_headers_function,
            repr(getattr(settings, "WHITENOISE_MIMETYPES", None)),
            getattr(settings, "WHITENOISE_IMMUTABLE_FILE_TEST", None),
            settings.STATIC_URL,
            repr(settings.STORAGES.get("staticfiles")),
        )

    def get_static_file(self, path: str, url: str, stat_cache: dict | None = None) -> Any:
        # Without a stat cache (a file looked up on request) WhiteNoise checks the disk itself.
        if stat_cache is None or path not in stat_cache:
            return super().get_static_file(path, url, stat_cache=stat_cache)
        key = (
            path,
            url,
            _signature(stat_cache[path]),
            _signature(stat_cache.get(path + ".gz")),
            _signature(stat_cache.get(path + ".br")),
            self._settings_key(),
        )
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = super().get_static_file(path, url, stat_cache=stat_cache)
        return made
