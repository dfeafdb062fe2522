import pytest

from townsquare.lib.htmltext import html_to_markdown
from townsquare.lib.markdown import render_comment


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("<p>a<br>b</p>", "a\nb"),
        ("<b> bold </b>and <i>it</i>", "**bold** and *it*"),
        ("<strong></strong>x", "x"),
        ('<a href="https://e.example/a b">link</a>', "[link](https://e.example/a%20b)"),
        ('<a href="javascript:alert(1)">text</a>', "text"),
        ('<a href="mailto:a@e.example">write</a>', "[write](mailto:a@e.example)"),
        ("<code>a*b</code>", "`a*b`"),
        ("<code>a`b</code>", "`` a`b ``"),
        ("<blockquote><p>q1</p><p>q2</p></blockquote><p>after</p>", "> q1\n>\n> q2\n\nafter"),
        ("<ul><li>a</li><li>b</li></ul>", "- a\n- b"),
        ('<ol start="3"><li>c</li></ol>', "3. c"),
        ('<img src="https://e.example/i.png" alt="a cat">', "[a cat](https://e.example/i.png)"),
        ("<script>alert(1)</script><style>p{}</style>kept", "kept"),
        (
            "*not* _emphasis_ [not](link) &amp;lt;",
            "\\*not\\* \\_emphasis\\_ \\[not\\](link) \\&lt;",
        ),
        (
            "<p>- not a list</p><p>1. nor this</p><p>&gt; nor a quote</p>",
            "\\- not a list\n\n1\\. nor this\n\n\\> nor a quote",
        ),
        ("<div><unknown>text</unknown></div>", "text"),
        ("", ""),
    ],
)
def test_html_to_markdown(html, markdown):
    assert html_to_markdown(html) == markdown


def test_wordpress_text_keeps_its_line_breaks_and_paragraphs():
    text = "Line one\nline two\n\nNew paragraph with <em>emphasis</em>"
    assert html_to_markdown(text, newlines_are_breaks=True) == (
        "Line one\nline two\n\nNew paragraph with *emphasis*"
    )


@pytest.mark.parametrize(
    "html",
    [
        "<p>*literal* and _literal_ and `literal` &amp; [x](y)</p>",
        "<p>1. one</p><p>- two</p><p>&gt; three</p>",
        "<p>a\\b</p>",
    ],
)
def test_text_renders_as_the_old_site_showed_it(html):
    """What the old site displayed as text, our renderer displays as the same text."""
    import re
    from html import unescape

    shown = unescape(re.sub(r"<[^>]+>", " ", render_comment(html_to_markdown(html))))
    original = unescape(re.sub(r"<[^>]+>", " ", html))
    assert " ".join(shown.split()) == " ".join(original.split())


def test_the_result_is_always_safe_through_the_renderer():
    hostile = (
        '<a href="javascript:alert(1)">x</a><img src=x onerror=alert(1)>'
        '<iframe src="https://evil.example"></iframe><svg onload=alert(1)></svg>'
    )
    html = render_comment(html_to_markdown(hostile))
    assert "javascript" not in html and "onerror" not in html and "<iframe" not in html
