"""Load benchmark threads into Isso: its own schema and thread API, comments in one transaction.

Run with Isso's interpreter (bench/.venv-isso/bin/python), never Townsquare's:

    bench/.venv-isso/bin/python bench/seed_isso.py ISSO.cfg PLAN.json

Isso's ``SQLite3`` class creates the database as a fresh install does, ``Threads.new`` makes one
thread per story at ``/stories/<slug>/``, and the comments are inserted with exactly the columns
``Comments.add`` (what ``POST /new`` calls) writes, as published (mode 1) comments one second
apart. They go in one transaction: ``Comments.add`` opens a connection and commits per comment,
about 12 ms each here, which made the 10,000-comment thread a two-minute step. A reply to a reply
is stored under the top-level comment, as ``Comments.add`` folds it. Prints one JSON line per
thread.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from pathlib import Path


def main(config_path: str, plan_path: str) -> None:
    from isso import config
    from isso.db import SQLite3
    from isso.utils import Bloomfilter

    conf = config.load(config.default_file(), config_path)
    db = SQLite3(conf.get("general", "dbpath"), conf)
    plan = json.loads(Path(plan_path).read_text())
    for entry in plan["stories"]:
        uri = f"/stories/{entry['slug']}/"
        thread = db.threads.new(uri, entry["headline"])
        comments = entry["comments"]
        start = time.time() - len(comments) - 3600
        first_id = (db.execute("SELECT MAX(id) FROM comments").fetchone()[0] or 0) + 1
        top_level: list[int] = []  # per planned comment: the top-level comment it hangs under
        rows = []
        for index, planned in enumerate(comments):
            answered = planned["parent"]
            parent = None if answered is None else first_id + top_level[answered]
            top_level.append(index if answered is None else top_level[answered])
            rows.append(
                (
                    thread["id"],
                    first_id + index,
                    parent,
                    start + index,
                    None,
                    1,
                    "127.0.0.0",
                    planned["text"],
                    planned["author"],
                    planned["email"],
                    None,
                    memoryview(Bloomfilter(iterable=["127.0.0.0"]).array),
                    0,
                )
            )
        with sqlite3.connect(db.path) as connection:
            connection.executemany(
                "INSERT INTO comments (tid, id, parent, created, modified, mode, remote_addr, "
                "text, author, email, website, voters, notification) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        print(json.dumps({"uri": uri, "written": len(rows)}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
