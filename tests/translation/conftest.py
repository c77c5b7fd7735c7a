import pytest

from tests.factories import reply_by, thread_by
from translation import services
from translation.models import Translation


@pytest.fixture
def pending(deepl, member, other_member):
    """A Chinese reply's translation into English, pending: as a click leaves it for the
    worker."""
    post = reply_by(other_member, thread_by(member), body="我家的猫整天睡觉。")
    return Translation.objects.create(
        source_hash=services.source_hash(post.body_html),
        target_language="en",
        source_html=post.body_html,
        source_language="zh",
    )
