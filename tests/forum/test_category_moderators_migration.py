"""Who moderates which category moved from moderation to forum: the grants a site had stay,
both ways, and still give the right to moderate."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from forum import permissions
from forum.models import Category, CategoryModerator, Thread
from tests.factories import MemberFactory

BEFORE = [("moderation", "0001_initial")]


def _migrate(targets=None):
    """To `targets`, or to the latest migrations (where every other test runs)."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_category_moderators_granted_before_the_move_still_moderate_after_it():
    moderator = MemberFactory(username="mod", is_category_moderator=True)
    category = Category.objects.create(slug="moved-grants", name_en="Moved grants", name_zh="搬迁")
    old_apps = _migrate(BEFORE)
    old_apps.get_model("moderation", "CategoryModerator").objects.create(
        member_id=moderator.pk, category_id=category.pk
    )

    _migrate()
    assert list(CategoryModerator.objects.values_list("member_id", "category_id")) == [
        (moderator.pk, category.pk)
    ]
    assert permissions.can_moderate_thread(moderator, Thread(category=category))

    old_apps = _migrate(BEFORE)
    assert old_apps.get_model("moderation", "CategoryModerator").objects.count() == 1
    _migrate()
