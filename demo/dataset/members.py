"""Members: accounts, profiles, verified emails, interests and feed settings."""

import random

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from accounts.models import Interest, Member
from demo.dataset.bodies import _sentences, render
from demo.dataset.bulk import DAY, at, insert, insert_all, weighted
from demo.dataset.words import BILINGUAL_NAMES, EN_FIRST, ZH_GIVEN, ZH_NICKNAMES, ZH_SURNAMES
from demo.dataset.world import Body, People
from forum.feed import default_languages, defaults_for
from forum.models import FeedPreference
from regions.names import UNKNOWN_REGION

USERNAME = "member_{}"  # member_1 joined first; the first few are staff
PASSWORD = "halfway-bench"  # noqa: S105  (benchmark data only; printed by the command)
EMAIL_DOMAIN = "dataset.halfway.localhost"
YEAR = 365 * DAY
STAFF_PER_MEMBERS = 2_500

# Where members sign in from, weighted, by the language they read; "ZZ" is unknown.
REGIONS = {
    "zh": {"CN": 66, "HK": 10, "SG": 7, "MY": 7, "US": 4, "CA": 2, "AU": 1, "ZZ": 3},
    "en": {
        "US": 38, "GB": 13, "CA": 10, "AU": 9, "DE": 7, "BR": 7, "MX": 5,
        "SG": 2, "HK": 1, "MY": 1, "ZZ": 7,
    },
}  # fmt: skip
# A second language some members speak, by region.
REGION_LANGUAGE = {"BR": "pt", "MX": "es", "DE": "de", "CA": "fr", "SG": "zh", "MY": "zh"}


def add_members(rng: random.Random, now: float, count: int) -> People:
    """Members who joined over the past year (half in the first month, the migration), with
    profiles, verified emails, interests and feed settings; one password hash for all."""
    password = make_password(PASSWORD)  # hashed once: hashing per member would take minutes
    interests = list(Interest.objects.values_list("pk", flat=True))
    start = now - YEAR
    joined = sorted(
        start + rng.random() * 30 * DAY
        if rng.random() < 0.5
        else start + 30 * DAY + rng.random() * (YEAR - 30 * DAY - 60)
        for _ in range(count)
    )
    bios = {language: [_bio(rng, language) for _ in range(60)] for language in ("en", "zh")}
    staff = max(1, count // STAFF_PER_MEMBERS)
    people = People([], joined, [], [], [], [], [])
    members = []
    for index, moment in enumerate(joined):
        language = "zh" if rng.random() < 0.5 else "en"
        region = weighted(rng, REGIONS[language])
        username = USERNAME.format(index + 1)
        name = _display_name(rng, language)
        spoken = [language]
        if rng.random() < 0.3:
            spoken.append("en" if language == "zh" else REGION_LANGUAGE.get(region, "zh"))
        learning = [code for code in ["en" if language == "zh" else "zh"] if code not in spoken]
        bio = rng.choice(bios[language]) if rng.random() < 0.4 else None
        last_login = max(moment, now - rng.expovariate(1 / (10 * DAY)))
        members.append(
            Member(
                username=username,
                email=f"{username}@{EMAIL_DOMAIN}",
                password=password,
                display_name=name,
                preferred_language="zh-hans" if language == "zh" else "en",
                bio=bio.text if bio else "",
                bio_html=bio.html if bio else "",
                bio_language=bio.language if bio else "",
                languages_spoken=list(dict.fromkeys(spoken)),
                languages_learning=learning if rng.random() < 0.7 else [],
                open_to_exchange=rng.random() < 0.3,
                who_may_message=weighted(rng, {"everyone": 85, "following": 12, "nobody": 3}),
                # A sign-in from an unknown place is not recorded (accounts.services).
                region_code="" if region == UNKNOWN_REGION else region,
                date_joined=at(moment),
                last_login=at(last_login) if rng.random() < 0.8 else None,
                is_staff=index < staff,
            )
        )
        people.language.append(language)
        people.region.append(region)
        people.activity.append(rng.paretovariate(1.3))
        people.usernames.append(username)
        people.names.append(name)
    members = insert(Member, members)
    people.pks = [member.pk for member in members]
    insert_all(
        EmailAddress,
        (EmailAddress(user=m, email=m.email, verified=True, primary=True) for m in members),
    )
    through = Member.interests.through
    insert_all(
        through,
        (
            through(member_id=member.pk, interest_id=interest)
            for member in members
            for interest in rng.sample(interests, min(len(interests), rng.randint(1, 5)))
        ),
    )
    # Feed settings as a first visit makes them, so benchmarks read rather than write them.
    insert_all(
        FeedPreference,
        (
            FeedPreference(
                member=member,
                languages=default_languages(member, defaults),
                defaults_version=defaults.version,
            )
            for member in members
            for defaults in [defaults_for(member.date_joined)]
        ),
    )
    return people


def _display_name(rng: random.Random, language: str) -> str:
    roll = rng.random()
    if roll < 0.1:
        return rng.choice(BILINGUAL_NAMES)
    if language == "en":
        first = rng.choice(EN_FIRST)
        return first if roll < 0.6 else f"{first} {rng.choice('ABCDEFGHJKLMNPRSTW')}."
    if roll < 0.35:
        return rng.choice(ZH_NICKNAMES)
    return rng.choice(ZH_SURNAMES) + rng.choice(ZH_GIVEN)


def _bio(rng: random.Random, language: str) -> Body:
    return render(" ".join(_sentences(rng, language, rng.randint(1, 3))), {})
