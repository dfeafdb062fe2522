from townsquare.lib.markdown import render_comment


def test_supported_subset_renders():
    html = render_comment("*em* **strong** `code`\n\n> quoted\n\n- one\n- two\n\n1. first")
    for fragment in (
        "<em>em</em>",
        "<strong>strong</strong>",
        "<code>code</code>",
        "<blockquote>",
        "<ul>",
        "<li>one</li>",
        "<ol>",
    ):
        assert fragment in html


def test_raw_html_is_shown_as_text():
    html = render_comment('<script>alert("x")</script><b onclick="y">b</b>')
    assert "<script" not in html and "<b" not in html
    assert "&lt;script&gt;" in html


def test_links_get_rel_and_unsafe_schemes_are_dropped():
    html = render_comment("[site](https://example.org/a) [bad](javascript:alert(1))")
    assert '<a href="https://example.org/a" rel="nofollow ugc noopener">site</a>' in html
    assert "javascript:" not in html.split("[bad]")[0]
    assert 'href="javascript' not in html


def test_headings_and_images_are_not_part_of_the_subset():
    html = render_comment("# Big\n\n![pic](https://example.org/p.png)")
    assert "<h1" not in html and "<img" not in html
