"""A JSON Lines import refuses a line nested absurdly deep, with a clear error naming the line.

The sweep of issue 20 fed ``townsquare import jsonl`` a line 100,000 brackets deep: the JSON
decoder recursed until Python's RecursionError, which no caller expected.
"""

from __future__ import annotations

import json

import pytest

from tests.transfer.conftest import run_import
from townsquare.comments.models import Comment
from townsquare.transfer.records import ImportFileError
from townsquare.transfer.sources.jsonlines import MAX_DEPTH

pytestmark = pytest.mark.django_db

HEADER = json.dumps({"townsquare_export": 1, "source": "test", "site": {"slug": "courier"}})


@pytest.mark.parametrize(
    "line",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"type": "comment", "body": ' + '{"a": ' * 100_000 + "1" + "}" * 100_001,
        "[" * 100_000,  # never closed either
    ],
)
def test_a_line_nested_too_deep_is_refused_naming_the_line(tmp_path, line):
    path = tmp_path / "deep.jsonl"
    path.write_text(f"{HEADER}\n\n{line}\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as refused:
        run_import("jsonl", path)
    assert refused.value.line == 3
    assert f"nested more than {MAX_DEPTH} levels deep" in str(refused.value)
    assert Comment.objects.count() == 0


def test_brackets_inside_strings_and_ordinary_nesting_are_fine(tmp_path):
    story = {
        "type": "story",
        "id": 1,
        "slug": "deep",
        "headline": "[[[[ {{{{ " * 200,
        "published_at": "2026-01-01T00:00:00+00:00",
    }
    nested = {
        "type": "comment",
        "id": 2,
        "story": 1,
        "body": "Fine.",
        "created_at": "2026-01-02T00:00:00+00:00",
        "status": "published",
        "extra": [[[[[[1]]]]]],
    }
    path = tmp_path / "fine.jsonl"
    path.write_text("\n".join([HEADER, json.dumps(story), json.dumps(nested)]) + "\n")
    report = run_import("jsonl", path)
    assert report.imported == 1
