from halfway.markup import render_markdown, sanitize_html


def test_markdown_is_rendered_and_raw_html_is_shown_as_text():
    html = render_markdown("**bold** <img src=x onerror=alert(1)>")
    assert "<strong>bold</strong>" in html
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # shown, as typed


def test_links_are_marked_as_user_content_and_javascript_links_dropped():
    html = render_markdown("[site](https://example.com) [bad](javascript:alert(1))")
    assert 'rel="nofollow ugc noopener"' in html
    assert 'href="javascript:' not in html


def test_translated_html_is_sanitized_again():
    # What comes back from a translation service is untrusted, like anything else.
    assert sanitize_html('<p onclick="x()">hi<script>bad()</script></p>') == "<p>hi</p>"
