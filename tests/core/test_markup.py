from core.markup import render_markdown, sanitize_html


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


# Found by the properties in test_markup_properties.py; kept as plain examples.


def test_an_image_keeps_its_description_as_text():
    # <img> is not allowed; the words the member wrote about the picture stay.
    html = render_markdown("![a photo of the Bund](https://example.com/bund.jpg)")
    assert html == "<p>a photo of the Bund</p>\n"
    badge = render_markdown("[![build *passing*](https://x.example/b.svg)](https://ci.example)")
    assert ">build passing</a>" in badge


def test_no_attribute_outside_the_allow_list_is_kept_on_any_element():
    # nh3 allows `lang` and `title` on every element unless told otherwise.
    assert sanitize_html('<blockquote lang="zh" title="x">hi</blockquote>') == (
        "<blockquote>hi</blockquote>"
    )


def test_sanitizing_twice_changes_nothing():
    # Dropping <b> left an h3 inside an h3, which a parser reads as two.
    assert sanitize_html("<H3><B><H3>") == "<h3></h3><h3></h3>"
    # `&#13;` came out as a raw carriage return, which a parser reads as a newline.
    assert sanitize_html('<TEXTAREA><a onclick="&#13;vbscript:alert(1)"></a>') == (
        '&lt;a onclick="\nvbscript:alert(1)"&gt;&lt;/a&gt;'
    )
    for html in ("<H3><B><H3>", "<p>a&#13;b</p>"):
        once = sanitize_html(html)
        assert sanitize_html(once) == once


def test_a_scheme_disguised_by_spaces_or_controls_is_dropped():
    # nh3 took these for relative links; older browsers and mail readers ran them.
    for href in ("\x7fdata:alert(1)", "java script:alert(1)", "java\x01script:alert(1)"):
        assert sanitize_html(f'<a href="{href}">x</a>') == '<a rel="nofollow ugc noopener">x</a>'
    assert 'href="/members/jess/"' in sanitize_html('<a href="/members/jess/">jess</a>')
