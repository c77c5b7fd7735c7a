"""Follows between members moved from forum to accounts: the rows a site had stay, both ways."""

import pytest

from accounts.models import MemberFollow
from tests.factories import MemberFactory
from tests.migrations import migrate_to

BEFORE = [("forum", "0012_introduction_answers_out_of_the_body")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_follows_written_before_the_move_are_still_there_after_it_and_after_going_back():
    ana, bo = MemberFactory(username="ana"), MemberFactory(username="bo")
    old_apps = migrate_to(BEFORE)
    old_apps.get_model("forum", "MemberFollow").objects.create(
        follower_id=ana.pk, followed_id=bo.pk
    )

    migrate_to()
    assert list(MemberFollow.objects.values_list("follower_id", "followed_id")) == [(ana.pk, bo.pk)]

    old_apps = migrate_to(BEFORE)
    assert old_apps.get_model("forum", "MemberFollow").objects.count() == 1
    migrate_to()
