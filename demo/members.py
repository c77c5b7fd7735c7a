"""The demo community's members: long-time Chinese members and newcomers from six countries.

Used by `manage.py seed_demo` (and so by `make run`); a member who already exists is left as is.
"""

from allauth.account.models import EmailAddress
from django.db import transaction

from accounts import services
from accounts.models import Interest, Member

DEMO_PASSWORD = "halfway-demo"  # noqa: S105  (printed by `make run`; demo data only)

# username, display name, region, UI language, speaks, learning, interests, bio, staff
DEMO_MEMBERS = [
    (
        "xiaolan",
        "小蓝 Xiaolan",
        "CN",
        "zh-hans",
        ["zh"],
        ["en"],
        ["cats", "cooking", "photography"],
        "上海人，在这里三年了。家里有两只橘猫：**馒头**和**花卷**。\n\n"
        "欢迎新朋友！想学做菜的可以问我，我也想练练英语口语。",
        True,
    ),
    (
        "laowang_cd",
        "老王",
        "CN",
        "zh-hans",
        ["zh"],
        ["en"],
        ["cooking", "tea", "basketball"],
        "成都人，做了二十年川菜。最近好多美国朋友来问麻婆豆腐怎么做，我都乐意教。\n\n"
        "英语不太好，靠翻译按钮聊天 😄",
        False,
    ),
    (
        "meimei",
        "梅梅",
        "CN",
        "zh-hans",
        ["zh", "en"],
        ["ja"],
        ["books", "films", "language-learning"],
        "北京的大学老师，教英语。Happy to help anyone learning Chinese — "
        "我也在学日语。\n\n喜欢读书和看老电影。",
        False,
    ),
    (
        "ahmao",
        "阿毛",
        "CN",
        "zh-hans",
        ["zh"],
        ["en"],
        ["gaming", "anime", "music"],
        "广州，程序员，周末打游戏。说实话，一下子来了这么多新人有点不习惯，"
        "但聊了几次发现大家都挺好的。",
        False,
    ),
    (
        "chen_hk",
        "Chen 陈",
        "HK",
        "en",
        ["zh", "en"],
        ["pt"],
        ["travel", "photography", "coffee"],
        "Hong Kong born, bilingual. I translate slang for both sides when the button gets it "
        'wrong — 「绝绝子」 is not "absolutely child".',
        True,
    ),
    (
        "jess_tx",
        "Jess",
        "US",
        "en",
        ["en"],
        ["zh"],
        ["cats", "knitting", "cooking"],
        "Texas nurse, night shifts, one very loud cat named Biscuit. Came over in January and "
        "stayed because people here actually *talk* to each other.\n\n"
        "Learning Chinese one 你好 at a time.",
        False,
    ),
    (
        "marcus_nyc",
        "Marcus",
        "US",
        "en",
        ["en", "es"],
        ["zh"],
        ["basketball", "music", "cooking"],
        "Brooklyn. Bass player, bad cook, trying to learn real 川菜 from 老王. "
        "Ask me about jazz or the best bodega sandwiches.",
        False,
    ),
    (
        "amelia_uk",
        "Amelia",
        "GB",
        "en",
        ["en", "fr"],
        ["zh"],
        ["tea", "gardening", "books"],
        "Manchester. I thought I knew tea until someone here sent me a photo of their "
        "grandmother's 普洱 collection. Now I'm learning.",
        False,
    ),
    (
        "rafa_sp",
        "Rafael",
        "BR",
        "en",
        ["pt", "en"],
        ["zh"],
        ["football", "music", "travel"],
        "São Paulo, designer. Here for the food photos and the football banter. "
        "Posso ajudar quem quiser aprender português!",
        False,
    ),
    (
        "yuki_ca",
        "Yuki",
        "CA",
        "en",
        ["en", "ja"],
        ["zh"],
        ["anime", "dance", "photography"],
        "Vancouver, half Japanese. Dance teacher. I love how the translate button turns "
        "everyone's jokes into poetry.",
        False,
    ),
    (
        "liam_au",
        "Liam",
        "AU",
        "en",
        ["en"],
        ["zh"],
        ["hiking", "dogs", "coffee"],
        "Melbourne. Two dogs, too much coffee, weekends in the bush. "
        "Trying to explain what a flat white is in Chinese.",
        False,
    ),
    (
        "sofia_mx",
        "Sofía",
        "MX",
        "en",
        ["es", "en"],
        ["zh"],
        ["cooking", "fashion", "films"],
        "Guadalajara. I trade mole recipes for dumpling folding lessons. ¡Hola a todos!",
        False,
    ),
    (
        "tom_de",
        "Tom",
        "DE",
        "en",
        ["de", "en"],
        ["zh"],
        ["books", "hiking", "tea"],
        "Berlin, studying sinology. Reading 三体 in the original, very slowly.",
        False,
    ),
]


def demo_logins() -> list[str]:
    """One line per demo member for the `make run` banner."""
    return [
        f"{username:<12} {region}  {'moderator' if staff else 'member'}"
        for username, _, region, *_, staff in DEMO_MEMBERS
    ]


def seed_demo_members() -> int:
    """Create the demo members who do not exist yet; return how many were created."""
    interests = {interest.slug: interest for interest in Interest.objects.all()}
    created = 0
    for (
        username,
        display_name,
        region,
        language,
        speaks,
        learning,
        interest_slugs,
        bio,
        staff,
    ) in DEMO_MEMBERS:
        if Member.objects.filter(username__iexact=username).exists():
            continue
        with transaction.atomic():
            member = Member.objects.create_user(
                username=username,
                email=f"{username}@demo.halfway.localhost",
                password=DEMO_PASSWORD,
                is_staff=staff,
            )
            EmailAddress.objects.create(
                user=member, email=member.email, verified=True, primary=True
            )
            services.start_membership(member=member, language=language, region_code=region)
            services.update_profile(
                member=member,
                display_name=display_name,
                bio=bio,
                languages_spoken=speaks,
                languages_learning=learning,
                interests=[interests[slug] for slug in interest_slugs if slug in interests],
            )
        created += 1
    return created
