import pytest
from django.core.management import call_command

from accounts.demo import DEMO_MEMBERS
from accounts.models import Member


@pytest.mark.django_db
def test_seeding_twice_creates_the_demo_community_once():
    call_command("seed_demo")
    call_command("seed_demo")
    assert Member.objects.count() == len(DEMO_MEMBERS)
    regions = set(Member.objects.values_list("region_code", flat=True))
    assert len(DEMO_MEMBERS) >= 12
    assert len(regions) >= 6
    chinese = Member.objects.filter(preferred_language="zh-hans")
    assert chinese.exists() and chinese.count() < Member.objects.count()
    assert all(member.bio_html for member in Member.objects.all())
