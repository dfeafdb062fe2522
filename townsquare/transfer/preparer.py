"""Preparing comment records (HTML, checks, rendering) in worker processes, in file order.

The worker side is ``workers.py`` (its own module, light to import in a fresh process).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor

from townsquare.transfer import workers as prepare_workers
from townsquare.transfer.prepare import prepare
from townsquare.transfer.records import (
    CommentRecord,
    PrepareConfig,
    Prepared,
    Skip,
)


class Preparer:
    """Runs ``prepare`` over comment records, in worker processes for big files, in order.

    At most ``IN_FLIGHT`` chunks are out at a time, so a fast parser cannot pile up the file in
    memory while the workers catch up. Without workers, records are prepared on the spot.
    """

    CHUNK = 200
    IN_FLIGHT = 8

    def __init__(self, config: PrepareConfig, workers: int) -> None:
        self.config = config
        self.pool = (
            ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=prepare_workers.start,
            )
            if workers
            else None
        )
        self.chunk: list[CommentRecord] = []
        self.in_flight: deque[Future] = deque()

    def submit(self, record: CommentRecord) -> list[Prepared | Skip]:
        """Queue one record; returns the results that are ready now, in file order."""
        if self.pool is None:
            return [prepare(record, self.config)]
        self.chunk.append(record)
        if len(self.chunk) >= self.CHUNK:
            self.in_flight.append(
                self.pool.submit(prepare_workers.prepare_chunk, self.chunk, self.config)
            )
            self.chunk = []
        ready: list[Prepared | Skip] = []
        while self.in_flight and (self.in_flight[0].done() or len(self.in_flight) > self.IN_FLIGHT):
            ready += self.in_flight.popleft().result()
        return ready

    def drain(self) -> list[Prepared | Skip]:
        if self.pool is None:
            return []
        if self.chunk:
            self.in_flight.append(
                self.pool.submit(prepare_workers.prepare_chunk, self.chunk, self.config)
            )
            self.chunk = []
        ready: list[Prepared | Skip] = []
        while self.in_flight:
            ready += self.in_flight.popleft().result()
        return ready

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
