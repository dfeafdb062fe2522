"""gunicorn's logger for ``townsquare serve``, with the address in its start-up banner.

With ``--reuse-port`` (``serve``'s default when a worker has more than one thread) gunicorn's
master opens no socket itself (each worker opens its own), so its banner read "Listening at:
(pid)": an operator checking where the server listens found no address. This logger fills
the bound address(es) in.
"""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

LISTENING = "Listening at: %s (%s)"


class ServeLogger(Logger):
    def info(self, msg: str, *args: Any, **kwargs: Any) -> None:
        if msg == LISTENING and len(args) == 2 and not args[0]:
            addresses = ",".join(
                bind if "://" in bind else f"http://{bind}" for bind in self.cfg.bind
            )
            args = (f"{addresses} (a socket per worker)", args[1])
        super().info(msg, *args, **kwargs)
