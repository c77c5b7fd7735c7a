import pytest
from django.core.management import call_command

from accounts.models import Member
from demo.members import DEMO_MEMBERS
from demo.moderation import SPAMMER


@pytest.mark.django_db
def test_seeding_twice_creates_the_demo_community_once():
    call_command("seed_demo")
    call_command("seed_demo")
    # The demo members, and one spammer the review queue has a report about.
    assert Member.objects.count() == len(DEMO_MEMBERS) + 1
    members = Member.objects.exclude(username=SPAMMER)
    regions = set(members.values_list("region_code", flat=True))
    assert len(DEMO_MEMBERS) >= 12
    assert len(regions) >= 6
    chinese = members.filter(preferred_language="zh-hans")
    assert chinese.exists() and chinese.count() < members.count()
    assert all(member.bio_html for member in members)
