"""Follows between members moved from forum to accounts: the rows a site had stay, both ways."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import MemberFollow
from tests.factories import MemberFactory

BEFORE = [("forum", "0012_introduction_answers_out_of_the_body")]


def _migrate(targets=None):
    """To `targets`, or to the latest migrations (where every other test runs)."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_follows_written_before_the_move_are_still_there_after_it_and_after_going_back():
    ana, bo = MemberFactory(username="ana"), MemberFactory(username="bo")
    old_apps = _migrate(BEFORE)
    old_apps.get_model("forum", "MemberFollow").objects.create(
        follower_id=ana.pk, followed_id=bo.pk
    )

    _migrate()
    assert list(MemberFollow.objects.values_list("follower_id", "followed_id")) == [(ana.pk, bo.pk)]

    old_apps = _migrate(BEFORE)
    assert old_apps.get_model("forum", "MemberFollow").objects.count() == 1
    _migrate()
