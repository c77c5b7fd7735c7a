"""Who moderates which category moved from moderation to forum: the grants a site had stay,
both ways, and still give the right to moderate."""

import pytest

from forum import permissions
from forum.models import Category, CategoryModerator, Thread
from tests.factories import MemberFactory
from tests.migrations import migrate_to

BEFORE = [("moderation", "0001_initial")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_category_moderators_granted_before_the_move_still_moderate_after_it():
    moderator = MemberFactory(username="mod", is_category_moderator=True)
    category = Category.objects.create(slug="moved-grants", name_en="Moved grants", name_zh="搬迁")
    old_apps = migrate_to(BEFORE)
    old_apps.get_model("moderation", "CategoryModerator").objects.create(
        member_id=moderator.pk, category_id=category.pk
    )

    migrate_to()
    assert list(CategoryModerator.objects.values_list("member_id", "category_id")) == [
        (moderator.pk, category.pk)
    ]
    assert permissions.can_moderate_thread(moderator, Thread(category=category))

    old_apps = migrate_to(BEFORE)
    assert old_apps.get_model("moderation", "CategoryModerator").objects.count() == 1
    migrate_to()
