"""The photo viewer every page carries (static/js/photo_viewer.js fills it), in each language;
the browser test (tests/browser/test_photo_viewer.py) uses it in Chinese."""

import pytest

from tests.factories import thread_by

pytestmark = pytest.mark.django_db


def test_every_page_has_the_viewer_labelled_in_the_readers_language(
    member, other_member, client_for
):
    thread = thread_by(member)
    english = client_for(member).get(thread.get_absolute_url()).content.decode()
    assert (
        '<dialog class="photo-viewer" aria-label="Photo viewer" data-count="{number} of {total}">'
        in english
    )
    assert 'aria-label="Previous photo"' in english and 'aria-label="Close"' in english
    chinese = client_for(other_member).get(thread.get_absolute_url()).content.decode()
    assert 'aria-label="大图浏览" data-count="第 {number} 张，共 {total} 张"' in chinese
    assert 'aria-label="下一张"' in chinese
