"""Fast checks on the demo site's content and illustrations (no database, no Django)."""

from __future__ import annotations

import ast
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from townsquare.front.demo import data as demo_data
from townsquare.front.demo import photos as demo_photos

ARTICLE_KEYS = {
    "slug",
    "headline",
    "standfirst",
    "byline",
    "dateline",
    "days_ago",
    "body",
    "photo",
    "comments_open",
    "premoderate",
}
PHOTO_KEYS = {"scene", "alt", "caption", "credit"}
COMMENT_KEYS = {"author", "email", "url", "body", "replies"}
SCENES = ["harbour", "library", "robotics", "ferry", "seawall"]


def _walk(comments: list[dict[str, Any]], depth: int = 1) -> Iterator[tuple[dict[str, Any], int]]:
    for comment in comments:
        yield comment, depth
        yield from _walk(comment["replies"], depth + 1)


def _all_comments() -> list[tuple[dict[str, Any], int]]:
    return [pair for thread in demo_data.COMMENTS.values() for pair in _walk(thread)]


@pytest.mark.parametrize("article", demo_data.ARTICLES, ids=lambda a: a["slug"])
def test_article_shape(article: dict[str, Any]) -> None:
    assert set(article) == ARTICLE_KEYS
    assert set(article["photo"]) == PHOTO_KEYS
    assert article["photo"]["scene"] in demo_photos.SCENES
    assert article["photo"]["alt"].strip()
    assert article["byline"].startswith("By ")
    assert 0 <= article["days_ago"] <= 6
    assert 6 <= len(article["body"]) <= 10
    for paragraph in article["body"]:
        assert 40 <= len(paragraph.split()) <= 110, paragraph[:60]
    assert len(article["headline"]) <= 200
    assert len(article["standfirst"]) <= 400


def test_articles_and_flags() -> None:
    slugs = [a["slug"] for a in demo_data.ARTICLES]
    assert len(demo_data.ARTICLES) == 5
    assert len(set(slugs)) == len(slugs)
    assert sorted(a["photo"]["scene"] for a in demo_data.ARTICLES) == sorted(SCENES)
    assert sum(not a["comments_open"] for a in demo_data.ARTICLES) == 1
    assert sum(a["premoderate"] for a in demo_data.ARTICLES) == 1


def test_comments_belong_to_articles_and_are_well_formed() -> None:
    slugs = {a["slug"] for a in demo_data.ARTICLES}
    assert set(demo_data.COMMENTS) <= slugs
    comments = _all_comments()
    assert 12 <= len(comments) <= 16
    assert max(depth for _, depth in comments) == 3
    for comment, _ in comments:
        assert set(comment) == COMMENT_KEYS
        assert comment["author"].strip() and comment["body"].strip()
        assert comment["email"].endswith(("@example.com", "@example.org"))
        assert comment["url"] == "" or comment["url"].startswith("https://example.org/")


def test_pages_have_titles_and_reasonable_length() -> None:
    for page in (demo_data.TERMS, demo_data.GUIDELINES):
        assert set(page) == {"title", "body"}
        assert page["title"].strip()
        assert 250 <= len(page["body"].split()) <= 420


def test_demo_modules_do_not_import_django() -> None:
    for module in (demo_data, demo_photos):
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name.split(".")[0] == "django" for name in names), names


@pytest.mark.parametrize("scene", SCENES)
def test_draw_photo_returns_jpeg_of_requested_size(scene: str) -> None:
    data = demo_photos.draw_photo(scene, width=320, height=180)
    assert isinstance(data, bytes)
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert image.size == (320, 180)
    assert demo_photos.draw_photo(scene, width=320, height=180) == data  # deterministic


def test_draw_photo_default_size() -> None:
    with Image.open(io.BytesIO(demo_photos.draw_photo("ferry"))) as image:
        assert image.size == (1200, 675)


def test_unknown_scene_raises() -> None:
    with pytest.raises(ValueError):
        demo_photos.draw_photo("volcano")
