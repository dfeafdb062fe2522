import pytest

from townsquare.lib.urls import InvalidURL, canonical_url, origin, origin_normalise


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("HTTPS://News.Example.ORG/Politics/Vote/", "https://news.example.org/Politics/Vote"),
        ("https://news.example.org:443/a", "https://news.example.org/a"),
        ("http://news.example.org:80/a", "http://news.example.org/a"),
        ("https://news.example.org:8443/a/", "https://news.example.org:8443/a"),
        ("https://news.example.org", "https://news.example.org/"),
        ("https://news.example.org/", "https://news.example.org/"),
        ("https://news.example.org/a#comments", "https://news.example.org/a"),
        ("  https://user:pw@news.example.org/a  ", "https://news.example.org/a"),
        ("https://news.example.org/?p=123", "https://news.example.org/?p=123"),
        (
            "https://news.example.org/a/?utm_source=x&id=4&fbclid=abc&UTM_medium=y&b=",
            "https://news.example.org/a?id=4&b=",
        ),
        ("https://Bücher.example/ü", "https://xn--bcher-kva.example/ü"),
        ("https://[2001:DB8::1]:443/a", "https://[2001:db8::1]/a"),
    ],
)
def test_canonical_url_spellings(spelling, canonical):
    assert canonical_url(spelling) == canonical


def test_query_order_and_spelling_are_kept_because_they_can_name_the_page():
    assert canonical_url("https://x.example/?b=2&a=%20") == "https://x.example/?b=2&a=%20"
    assert canonical_url("https://x.example/?b=2&a=1") != canonical_url(
        "https://x.example/?a=1&b=2"
    )


def test_http_and_https_stay_different_pages():
    assert canonical_url("http://x.example/a") != canonical_url("https://x.example/a")


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "javascript:alert(1)",
        "/relative/path",
        "ftp://x.example/a",
        "https://",
        "https://x:99999/",
    ],
)
def test_anything_but_http_urls_with_a_host_is_refused(bad):
    with pytest.raises(InvalidURL):
        canonical_url(bad)


def test_origins():
    assert origin("HTTPS://News.Example.org:443/a/b?c") == "https://news.example.org"
    assert origin_normalise("https://News.Example.org/") == "https://news.example.org"
    assert origin_normalise("http://localhost:8000") == "http://localhost:8000"
    with pytest.raises(InvalidURL):
        origin_normalise("https://news.example.org/section")
