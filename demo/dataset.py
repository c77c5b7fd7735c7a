"""A large, realistic bilingual community for benchmarks, written with bulk inserts.

`generate()` fills an empty database with members from twelve regions (half of them reading
Chinese) who joined over a year, newcomers' introductions and the welcomes they got, threads
in every category with replies in English, Chinese and both, reactions, follows,
notifications, and one-to-one and group conversations. The services write one row at a time
with their checks and events; here the same rows are planned in memory and inserted in bulk,
and every value the services keep in step on write is set as they would have set it:

- posts: numbers 1..n per thread in time order, `body_html` rendered by the site's own
  Markdown with @mentions linked, language detected, search document, region tag of the
  author's region;
- threads: `reply_count`, `last_posted_at`, `last_poster`, the opening post's language;
- conversations: `last_message`, `last_message_at`; participants' state and read position;
- the SQLite full-text index (its triggers fire on bulk inserts too; checked, rebuilt if
  short) and the community page's tables of counts (rebuilt in full).

Bodies are drawn from a pool of a few thousand rendered once, so 200,000 posts do not pay
200,000 renders. Used by `manage.py generate_dataset` and bench/community_page.py; never by
the site itself.
"""

import bisect
import importlib
import random
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice

from allauth.account.models import EmailAddress
from django.apps import apps as django_apps
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from accounts.models import Interest, Member, MemberFollow
from chat.models import MAX_GROUP_MEMBERS, Conversation, Message, Participant
from community import services as community_services
from core.markup import render_markdown
from forum import search
from forum.feed import default_languages, defaults_for
from forum.mentions import link_mentions, mentioned_usernames
from forum.models import (
    Category,
    FeedPreference,
    Introduction,
    Notification,
    Post,
    Reaction,
    Thread,
    ThreadFollow,
    Welcome,
)
from forum.services import MARKDOWN_SPECIAL, introduction_search_text
from regions.names import UNKNOWN_REGION
from translation.detection import detect_language

USERNAME = "member_{}"  # member_1 joined first; the first few are staff
PASSWORD = "halfway-bench"  # noqa: S105  (benchmark data only; printed by the command)
EMAIL_DOMAIN = "dataset.halfway.localhost"
DAY = 86_400.0
YEAR = 365 * DAY
BATCH = 5_000  # rows built in memory per bulk insert (Django splits them further for SQLite)
STAFF_PER_MEMBERS = 2_500
BODY_POOL = 4_000
CHAT_POOL = 1_500

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
CITIES = {
    "CN": ["成都", "上海", "北京", "广州", "杭州", "西安", "深圳", "武汉"],
    "HK": ["香港"], "SG": ["新加坡"], "MY": ["吉隆坡", "槟城"],
    "US": ["Austin, Texas", "Brooklyn, New York", "Seattle", "Chicago", "San Diego"],
    "GB": ["Manchester", "Leeds", "Bristol"], "CA": ["Vancouver", "Toronto", "Montréal"],
    "AU": ["Melbourne", "Brisbane"], "DE": ["Berlin", "Hamburg"],
    "BR": ["São Paulo", "Recife"], "MX": ["Guadalajara", "Monterrey"],
    "ZZ": ["somewhere on the internet"],
}  # fmt: skip
CATEGORY_WEIGHTS = {
    "daily-life": 30, "food": 22, "language-exchange": 16, "pets": 14,
    "culture-questions": 12, "site-feedback": 6,
}  # fmt: skip
REACTION_KINDS = {"heart": 35, "thumbs_up": 30, "laugh": 15, "wow": 8, "hug": 12}

EN_FIRST = [
    "Jess", "Marcus", "Amelia", "Rafael", "Yuki", "Liam", "Sofía", "Tom", "Emma", "Noah",
    "Olivia", "Ethan", "Chloe", "Lucas", "Mia", "Jack", "Ava", "Leo", "Grace", "Daniel",
    "Hannah", "Samuel", "Zoe", "Ben", "Lily", "Max", "Ella", "Oscar", "Ruby", "Henry", "Isla",
    "Mateo", "Camila", "Diego", "Lena", "Felix", "Priya", "Omar", "Aisha", "Kenji",
]  # fmt: skip
ZH_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
ZH_GIVEN = [
    "晓雯", "明", "伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "杰", "娟", "涛",
    "超", "霞", "子涵", "雨桐", "浩然", "思远",
]  # fmt: skip
ZH_NICKNAMES = ["小蓝", "阿毛", "老王", "梅梅", "小鱼", "大熊", "豆豆", "糖糖", "阿杰", "小七"]
BILINGUAL_NAMES = ["Wei 伟", "Chen 陈", "Lin 琳", "Mei 梅", "Jun 俊", "Ming 明", "Yan 燕"]

EN_FILL = {
    "food": ["dumplings", "mapo tofu", "hotpot", "hand-pulled noodles", "bubble tea", "tacos",
             "barbecue", "pancakes", "ramen", "baozi", "fried rice", "mooncakes", "sourdough"],
    "pet": ["cat", "dog", "kitten", "puppy", "hamster", "parrot", "rabbit"],
    "place": ["night market", "park", "library", "train station", "farmers market",
              "coffee shop", "beach", "old town"],
    "thing": ["guitar", "tea set", "sketchbook", "bike", "camera", "rice cooker", "fridge"],
    "time": ["This weekend", "Last night", "Yesterday morning", "After work today"],
    "city": ["Austin", "Brooklyn", "Manchester", "Toronto", "Melbourne", "Berlin",
             "São Paulo", "Chengdu", "Shanghai", "Hong Kong"],
}  # fmt: skip
ZH_FILL = {
    "food": ["饺子", "麻婆豆腐", "火锅", "拉面", "奶茶", "烧烤", "包子", "炒饭", "月饼",
             "小笼包", "煎饼果子", "红烧肉", "凉皮"],
    "pet": ["猫咪", "小狗", "仓鼠", "鹦鹉", "橘猫", "兔子"],
    "place": ["夜市", "公园", "图书馆", "火车站", "菜市场", "咖啡馆", "海边", "老城区"],
    "thing": ["吉他", "茶具", "自行车", "相机", "毛笔", "电饭锅", "冰箱"],
    "time": ["这个周末", "昨天晚上", "今天早上", "下班以后"],
    "city": ["成都", "上海", "北京", "广州", "杭州", "西安", "香港", "纽约", "伦敦"],
}  # fmt: skip
EN_SENTENCES = [
    "{time} I tried {food} at the {place} and I can't stop thinking about it.",
    "My {pet} has decided the {thing} belongs to them now.",
    "Does anyone have a good recipe for {food}? Mine always falls apart.",
    "I'm learning Chinese and today I finally understood a joke in a meme.",
    "The translate button turned my question about {food} into poetry again.",
    "We walked through the {place} in {city}, it was packed.",
    "Honestly the best part of this forum is people sharing photos of their {pet}.",
    "Can someone explain what people mean by cat tax?",
    "I started practicing calligraphy with a cheap brush and a lot of patience.",
    "Thanks for the tips, I will try that this week.",
    "Same here! My {pet} does exactly the same thing.",
    "This thread made me hungry for {food}.",
    "How do you say {thing} in Chinese? The dictionary gives me three answers.",
    "I grew up in {city} and we always had {food} on holidays.",
    "Posting my {pet} tax as promised.",
    "Is it rude to ask someone's age here? Where I live it is a bit awkward.",
    "Weekend plan: {food}, a long walk to the {place}, and an early night.",
    "I love how patient everyone here is with beginners.",
    "Why does my teacher keep correcting my third tone?",
    "Reading The Three-Body Problem in the original, very slowly.",
    "Our neighbourhood {place} has the best {food} I have ever had.",
    "Does your {pet} also sleep on the {thing} all day?",
    "I never knew there were so many kinds of {food} until I joined.",
    "Quick question for people in {city}: is it worth visiting in winter?",
]
ZH_SENTENCES = [
    "{time}去{place}吃了{food}，太好吃了。",
    "我家{pet}最近天天睡在{thing}上面。",
    "有没有人知道{food}怎么做？我每次都做失败。",
    "最近在学英语，终于看懂了一个美国的梗。",
    "翻译按钮又把我的问题翻得很奇怪，哈哈。",
    "{time}在{city}的{place}逛了一下午，人特别多。",
    "说实话，这里最好的地方就是大家都会发{pet}的照片。",
    "谢谢大家的建议，我这周就试试。",
    "我也是！我家{pet}也是这样。",
    "看这个帖子看饿了，想吃{food}。",
    "{thing}用英语怎么说？词典给了三个答案。",
    "我在{city}长大，过年的时候家里一定有{food}。",
    "先交猫税！",
    "欢迎新朋友，有问题随时问我。",
    "周末计划：吃{food}，去{place}散步，早点睡觉。",
    "外国朋友问我为什么喜欢喝热水，我也说不清楚。",
    "这里的人都好有耐心，谢谢你们。",
    "第三声到底怎么读？老师一直纠正我。",
    "我们小区旁边的{place}有全城最好吃的{food}。",
    "你家{pet}也整天霸占{thing}吗？",
    "没想到外国朋友也这么喜欢{food}。",
    "想问一下{city}的朋友，冬天去玩合适吗？",
]
# A few members write in a third language (each post in one of them).
OTHER_SENTENCES = [
    ["¡Hola a todos! Me encanta este foro.", "¿Alguien sabe cocinar {food} en casa?"],
    ["Olá pessoal, tudo bem?", "Alguém sabe onde comprar chá verde em São Paulo?"],
    ["こんにちは！", "猫の写真をたくさん見られて嬉しいです。"],
    ["Bonjour à tous !", "Je suis très content de découvrir cette communauté."],
    ["Hallo zusammen!", "Ich lerne seit einem Jahr Chinesisch und es macht Spaß."],
]
MENTION_ASIDES = ["what do you think?", "你怎么看？", "you would love this", "你肯定喜欢"]
TAGS = ["#food", "#cats", "#猫咪", "#饺子", "#languageexchange", "#学英语", "#weekend", "#美食"]
EN_TITLES = [
    "Best {food} in {city}?", "My {pet} vs. the {thing}", "Question about {food}",
    "What does this slang mean?", "Photos from the {place}", "Help me choose a {thing}",
    "Anyone else in {city}?", "Cat tax thread", "Learning Chinese: what finally clicked",
    "{food} recipe swap", "Why is my {pet} like this", "Tips for a first trip to China",
]  # fmt: skip
ZH_TITLES = [
    "{city}哪里的{food}最好吃？", "我家{pet}和{thing}的故事", "请教一个关于{food}的问题",
    "这个梗是什么意思？", "{place}随手拍", "求推荐{thing}", "有{city}的朋友吗？",
    "猫税专楼", "学英语的小心得", "{food}做法交流", "我家{pet}为什么这样", "第一次出国的建议",
]  # fmt: skip
EN_JOBS = ["nurse", "teacher", "designer", "student", "programmer", "chef", "musician"]
ZH_JOBS = ["护士", "老师", "设计师", "学生", "程序员", "厨师", "音乐人"]
EN_HOPES = [
    "How people celebrate Spring Festival at home.",
    "Which regional cuisines I should try first.",
    "Everyday slang that textbooks never teach.",
    "What a normal weekend looks like for you.",
]
ZH_HOPES = [
    "想知道美国人平时在家吃什么。",
    "想了解英国和美国的学校是什么样的。",
    "想学一些地道的英语口语。",
    "想知道外国人周末都干嘛。",
]
# The one-tap greeting, in the welcomer's language (the site's own wordings).
GREETINGS = {
    "en": [
        "Welcome to Halfway, %(name)s! 👋",
        "Hi %(name)s, so glad you found us! Welcome to Halfway 👋",
        "Welcome aboard, %(name)s! Great to meet you here 👋",
    ],
    "zh": [
        "欢迎来到 Halfway，%(name)s！👋",
        "你好 %(name)s，很高兴你找到了这里！欢迎来到 Halfway 👋",
        "欢迎加入，%(name)s！很高兴在这里认识你 👋",
    ],
}
EN_CHAT = [
    "Hi! How was your weekend?", "Haha yes", "Did you try the {food} recipe?",
    "Send me a photo of your {pet}!", "I'll be in {city} next month", "Good night!",
    "Thanks so much 🙏", "What time is it there?", "That's so funny 😂",
    "How do you say {thing} in Chinese?", "I made {food} tonight, not bad for a first try",
    "See you tomorrow", "Wait really??", "Let's practice on Saturday?",
]  # fmt: skip
ZH_CHAT = [
    "你好！周末过得怎么样？", "哈哈哈对", "你试了那个{food}的做法吗？", "发张你家{pet}的照片吧！",
    "我下个月去{city}", "晚安！", "太感谢了🙏", "你那边现在几点？", "笑死我了😂",
    "{thing}用英语怎么说？", "今晚做了{food}，第一次做还不错", "明天见", "真的假的？？",
    "周六一起练口语？",
]  # fmt: skip
GROUP_TITLES = [
    "Cat tax 猫税群", "Dumpling club 饺子俱乐部", "Language exchange 语言交换",
    "Night owls 夜猫子", "Tea lovers 爱茶的人", "Weekend hikers 周末徒步",
    "Film club 电影群", "Chengdu food 成都美食", "Study buddies 学习小组", "Music 音乐分享",
]  # fmt: skip


class DatabaseNotEmpty(Exception):
    """The database already has content the dataset would mix with."""


@dataclass(frozen=True)
class Sizes:
    members: int = 10_000
    threads: int = 20_000
    posts: int = 200_000  # opening posts included
    messages: int = 100_000

    def check(self) -> None:
        if min(self.members, self.threads, self.posts, self.messages) < 0:
            raise ValueError("sizes cannot be negative")
        if self.members < 2 and (self.threads or self.messages):
            raise ValueError("threads and messages need at least 2 members")
        if self.posts < self.threads:
            raise ValueError("every thread has an opening post: posts must be at least threads")


@dataclass
class Summary:
    counts: dict[str, int] = field(default_factory=dict)
    phases: list[tuple[str, float]] = field(default_factory=list)


@dataclass(frozen=True)
class Body:
    """A rendered text, as the services would store it."""

    text: str
    html: str
    language: str
    is_mixed: bool
    document: str  # search document without a title
    mentions: tuple[int, ...] = ()  # member indexes


@dataclass
class People:
    """The members, in the order they joined (index i is member_{i+1})."""

    pks: list[int]
    joined: list[float]  # timestamps, ascending
    language: list[str]  # "en" or "zh": what they read and mostly write
    region: list[str]  # the region tag of their posts ("ZZ" when unknown)
    activity: list[float]  # how much they write, relative
    usernames: list[str]
    names: list[str]


@dataclass
class World:
    """What every phase shares: the random source, the clock, the members."""

    rng: random.Random
    now: float
    people: People
    bodies: list[Body] = field(default_factory=list)
    pools: dict[str, list[int]] = field(default_factory=dict)  # kind → body indexes

    def pick(self, before: float, language: str | None = None) -> int:
        """A member who had joined by `before`, the more active more often; of `language`
        when one of a few tries finds one."""
        joined = bisect.bisect_right(self.people.joined, before) or 1
        rng, activity = self.rng, self.people.activity
        for _attempt in range(3):
            first, second = rng.randrange(joined), rng.randrange(joined)
            chosen = first if activity[first] >= activity[second] else second
            if language is None or self.people.language[chosen] == language:
                break
        return chosen

    def distinct(self, count: int, before: float, exclude: int) -> list[int]:
        """Up to `count` different members who joined by `before`, never `exclude`."""
        chosen: dict[int, None] = {}
        for _attempt in range(count * 4):
            if len(chosen) == count:
                break
            index = self.pick(before)
            if index != exclude:
                chosen[index] = None
        return list(chosen)


# --- entry point ---------------------------------------------------------------------------


def generate(
    sizes: Sizes, *, seed: int = 2025, report: Callable[[str], None] = lambda line: None
) -> Summary:
    """Fill an empty database with a community of `sizes`; return counts and phase times.

    Everything is written in one transaction, so a failure leaves the database as it was.
    """
    sizes.check()
    check_empty()
    rng = random.Random(seed)  # noqa: S311  (reproducible benchmark data, not security)
    summary = Summary()

    @contextmanager
    def phase(name: str) -> Iterator[None]:
        report(f"{name} …")
        started = time.perf_counter()
        yield
        took = time.perf_counter() - started
        summary.phases.append((name, took))
        report(f"{name}: {took:.1f} s")

    with transaction.atomic(), timestamps_as_given():
        now = timezone.now().timestamp()
        with phase("members"):
            world = World(rng=rng, now=now, people=add_members(rng, now, sizes.members))
        with phase("bodies"):
            add_body_pool(world, min(BODY_POOL, max(200, sizes.posts // 10)))
        with phase("threads and posts"):
            forum = add_forum(world, sizes.threads, sizes.posts)
        with phase("reactions, follows, notifications"):
            add_reactions_follows_notifications(world, forum)
        with phase("chat"):
            add_chat(world, sizes.messages)
        with phase("community counts and search index"):
            community_services.refresh_aggregates(days=None)
            check_search_index()
    if connection.vendor == "postgresql":
        # What autovacuum does minutes after a bulk load: statistics, without which the
        # planner guesses, and the search index's pending entries merged (until then every
        # search reads them all: 8 ms for a word no post has, against 0.8 ms after).
        with phase("vacuum and analyze"), connection.cursor() as cursor:
            # VACUUM cannot run inside a transaction (a test's); ANALYZE can.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    summary.counts = count_rows()
    return summary


def check_empty() -> None:
    """Refuse a database that already has forum or chat content, or members of ours."""
    if Thread.objects.exists() or Post.objects.exists() or Conversation.objects.exists():
        raise DatabaseNotEmpty(
            "The database already has threads, posts or conversations; the dataset goes "
            "into an empty, migrated database of its own."
        )
    if Member.objects.filter(username__startswith=USERNAME.format("")).exists():
        raise DatabaseNotEmpty("The database already has members named like the dataset's.")


def count_rows() -> dict[str, int]:
    return {
        "members": Member.objects.count(),
        "introductions": Introduction.objects.count(),
        "welcomes": Welcome.objects.count(),
        "threads": Thread.objects.count(),
        "posts": Post.objects.count(),
        "reactions": Reaction.objects.count(),
        "thread follows": ThreadFollow.objects.count(),
        "member follows": MemberFollow.objects.count(),
        "notifications": Notification.objects.count(),
        "conversations": Conversation.objects.count(),
        "groups": Conversation.objects.filter(kind=Conversation.Kind.GROUP).count(),
        "messages": Message.objects.count(),
    }


# --- bulk writing --------------------------------------------------------------------------


@contextmanager
def timestamps_as_given() -> Iterator[None]:
    """Let bulk_create keep the past dates it is given (auto_now_add would write now).

    Changes the fields for the whole process while it lasts: for one-off loading only.
    """
    models_with_dates = [
        Thread, Post, Reaction, ThreadFollow, MemberFollow, Introduction, Notification,
        Welcome, Conversation, Participant, Message,
    ]  # fmt: skip
    fields = [
        each
        for model in models_with_dates
        for each in model._meta.concrete_fields
        if getattr(each, "auto_now_add", False)
    ]
    for each in fields:
        each.auto_now_add = False
    try:
        yield
    finally:
        for each in fields:
            each.auto_now_add = True


def insert(model: type[models.Model], rows: Iterable[models.Model]) -> list[models.Model]:
    """Bulk-insert `rows` in chunks; return them with their primary keys."""
    inserted: list[models.Model] = []
    rows = iter(rows)
    while chunk := list(islice(rows, BATCH)):
        inserted += model.objects.bulk_create(chunk)
    return inserted


def insert_all(model: type[models.Model], rows: Iterable[models.Model]) -> int:
    """Bulk-insert `rows` in chunks without keeping them; return how many."""
    count = 0
    rows = iter(rows)
    while chunk := list(islice(rows, BATCH)):
        model.objects.bulk_create(chunk)
        count += len(chunk)
    return count


def at(moment: float) -> datetime:
    return datetime.fromtimestamp(moment, tz=UTC)


def spread(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` into whole parts in proportion to `weights` (largest remainders)."""
    if not weights or total <= 0:
        return [0] * len(weights)
    scale = total / sum(weights)
    exact = [weight * scale for weight in weights]
    parts = [int(value) for value in exact]
    order = sorted(range(len(exact)), key=lambda i: exact[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def moments_after(
    rng: random.Random, start: float, count: int, gap: float, end: float
) -> list[float]:
    """`count` increasing moments after `start`, about `gap` seconds apart, squeezed to
    fall before `end` when they would run past it."""
    moments, moment = [], start
    for _ in range(count):
        moment += rng.expovariate(1 / gap) + 1
        moments.append(moment)
    if moments and moments[-1] > end:
        scale = max(end - start, 1.0) / (moments[-1] - start)
        moments = [start + (each - start) * scale for each in moments]
    return moments


def weighted(rng: random.Random, choices: dict[str, int]) -> str:
    return rng.choices(list(choices), list(choices.values()))[0]


def fill(rng: random.Random, template: str, words: dict[str, list[str]]) -> str:
    return template.format(**{slot: rng.choice(options) for slot, options in words.items()})


# --- members -------------------------------------------------------------------------------


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


# --- bodies --------------------------------------------------------------------------------


def render(text: str, usernames: dict[str, int]) -> Body:
    """Render as the forum does (forum.services.render_post): @mentions of members linked,
    Markdown sanitized, language detected, search document written."""
    names = [name for name in mentioned_usernames(text) if name.lower() in usernames]
    links = {name.lower(): name for name in names}
    detected = detect_language(text)
    return Body(
        text=text,
        html=render_markdown(link_mentions(text, links)),
        language=detected.code,
        is_mixed=detected.is_mixed,
        document=search.search_document("", text),
        mentions=tuple(dict.fromkeys(usernames[name.lower()] for name in names)),
    )


def _sentences(rng: random.Random, kind: str, count: int) -> list[str]:
    if kind == "en":
        return [fill(rng, rng.choice(EN_SENTENCES), EN_FILL) for _ in range(count)]
    if kind == "zh":
        return [fill(rng, rng.choice(ZH_SENTENCES), ZH_FILL) for _ in range(count)]
    if kind == "mixed":
        return [
            fill(
                rng,
                rng.choice(EN_SENTENCES if i % 2 else ZH_SENTENCES),
                EN_FILL if i % 2 else ZH_FILL,
            )
            for i in range(max(2, count))
        ]
    sentences = rng.choice(OTHER_SENTENCES)
    return [fill(rng, sentences[i % 2], EN_FILL) for i in range(min(count, 2))]


def _markdown_body(rng: random.Random, kind: str, people: People) -> str:
    """One to three paragraphs of one to three sentences, a third of them with Markdown."""
    paragraphs = [
        (" " if kind != "zh" else "").join(_sentences(rng, kind, rng.randint(1, 3)))
        # A post in a third language is one paragraph, in one language.
        for _ in range(1 if kind == "other" else rng.choices([1, 2, 3], [55, 30, 15])[0])
    ]
    roll = rng.random()
    if roll < 0.08:  # bold
        first = paragraphs[0]
        cut = first.find(" ", 10)
        paragraphs[0] = f"**{first[:cut]}**{first[cut:]}" if cut > 0 else f"**{first}**"
    elif roll < 0.14:  # a link
        label = rng.choice(["recipe", "菜谱", "photos", "照片"])
        paragraphs.append(f"[{label}](https://example.com/{rng.randrange(10_000)})")
    elif roll < 0.22:  # #tags
        paragraphs[-1] += " " + " ".join(rng.sample(TAGS, rng.randint(1, 2)))
    elif roll < 0.30 and people.usernames:  # an @mention
        someone = people.usernames[rng.randrange(len(people.usernames))]
        paragraphs.insert(0, f"@{someone} {rng.choice(MENTION_ASIDES)}")
    elif roll < 0.34:  # a list
        items = _sentences(rng, kind if kind != "other" else "en", 3)
        paragraphs.append("\n".join(f"- {item}" for item in items))
    elif roll < 0.37:  # a quote
        paragraphs.insert(0, "> " + _sentences(rng, kind if kind != "other" else "en", 1)[0])
    return "\n\n".join(paragraphs)


def add_body_pool(world: World, size: int) -> None:
    """Render `size` distinct post bodies once; posts reuse them by index."""
    rng, people = world.rng, world.people
    usernames = {name.lower(): index for index, name in enumerate(people.usernames)}
    kinds = {"en": 40, "zh": 40, "mixed": 12, "other": 8}
    for kind, share in kinds.items():
        world.pools[kind] = []
        for _ in range(max(1, size * share // 100)):
            world.pools[kind].append(len(world.bodies))
            world.bodies.append(render(_markdown_body(rng, kind, people), usernames))


def body_for(world: World, author: int) -> int:
    """A pool body in what the author would write: mostly their language, some of both, a
    little of the other or of a third language."""
    roll = world.rng.random()
    own = world.people.language[author]
    other = "zh" if own == "en" else "en"
    kind = own if roll < 0.8 else "mixed" if roll < 0.9 else other if roll < 0.96 else "other"
    return world.rng.choice(world.pools[kind])


# --- forum ---------------------------------------------------------------------------------


@dataclass
class ThreadPlan:
    category: int  # Category pk
    author: int
    title: str
    started: float
    body: int
    introduction: tuple[str, str, str] | None = None  # who I am, where from, hope to learn
    replies: list[tuple[float, int, int, int]] = field(default_factory=list)
    # (moment, author, body, quoted post number or 0); welcomes are marked in `welcomes`
    welcomes: dict[int, int] = field(default_factory=dict)  # post number → welcomer


@dataclass
class Forum:
    threads: list[ThreadPlan]
    thread_pks: list[int]
    # Per thread, its posts' primary keys and authors, by number - 1.
    post_pks: list[list[int]]
    post_authors: list[list[int]]
    # Every post in the order written: (moment, thread index, number, author, body).
    posts: list[tuple[float, int, int, int, int]]


def ensure_categories() -> list[Category]:
    """The site's categories (migration 0002 makes them; made again if someone removed them)."""
    made = importlib.import_module("forum.migrations.0002_categories")
    made.add_categories(django_apps, None)  # the migration's own code, on the live models
    return list(Category.objects.all())


def add_forum(world: World, thread_count: int, post_count: int) -> Forum:
    """Plan introductions (with welcomes) and threads with their replies, then insert threads,
    introductions, posts and welcomes with every counter as the services keep it."""
    plans = plan_threads(world, thread_count, post_count)
    plans.sort(key=lambda plan: plan.started)  # ids follow time, as on a real site
    bodies, people = world.bodies, world.people
    threads = insert(
        Thread,
        (
            Thread(
                category_id=plan.category,
                author_id=people.pks[plan.author],
                title=plan.title,
                created_at=at(plan.started),
                last_posted_at=at(plan.replies[-1][0] if plan.replies else plan.started),
                last_poster_id=people.pks[plan.replies[-1][1] if plan.replies else plan.author],
                reply_count=len(plan.replies),
                language=bodies[plan.body].language,
            )
            for plan in plans
        ),
    )
    thread_pks = [thread.pk for thread in threads]
    introductions = insert(
        Introduction,
        (
            Introduction(
                member_id=people.pks[plan.author],
                thread_id=pk,
                who_i_am=plan.introduction[0],
                where_from=plan.introduction[1],
                hope_to_learn=plan.introduction[2],
                created_at=at(plan.started),
            )
            for plan, pk in zip(plans, thread_pks, strict=True)
            if plan.introduction
        ),
    )
    written = sorted(
        (moment, index, number, author, body)
        for index, plan in enumerate(plans)
        for number, (moment, author, body, _quoted) in enumerate(
            [(plan.started, plan.author, plan.body, 0), *plan.replies], start=1
        )
    )
    forum = Forum(plans, thread_pks, [[] for _ in plans], [[] for _ in plans], written)
    # Replies quoting a post of their own chunk, whose key was not known yet: set afterwards.
    quoting: list[tuple[Post, int, int]] = []
    for start in range(0, len(written), BATCH):
        chunk = written[start : start + BATCH]
        rows = [_post_row(world, forum, entry) for entry in chunk]
        for (_moment, index, number, author, _body), row in zip(
            chunk, Post.objects.bulk_create(rows), strict=True
        ):
            forum.post_pks[index].append(row.pk)
            forum.post_authors[index].append(author)
            quoted = plans[index].replies[number - 2][3] if number > 1 else 0
            if quoted and row.quoted_post_id is None:
                quoting.append((row, index, quoted))
    for row, index, quoted in quoting:
        row.quoted_post_id = forum.post_pks[index][quoted - 1]
    Post.objects.bulk_update([row for row, _index, _quoted in quoting], ["quoted_post"], 1_000)
    by_thread = {introduction.thread_id: introduction for introduction in introductions}
    insert_all(
        Welcome,
        (
            Welcome(
                introduction=by_thread[forum.thread_pks[index]],
                member_id=people.pks[welcomer],
                post_id=forum.post_pks[index][number - 1],
                created_at=at(plan.replies[number - 2][0]),
            )
            for index, plan in enumerate(plans)
            for number, welcomer in plan.welcomes.items()
        ),
    )
    return forum


def _post_row(world: World, forum: Forum, entry: tuple) -> Post:
    moment, index, number, author, body_index = entry
    plan, body = forum.threads[index], world.bodies[body_index]
    quoted = plan.replies[number - 2][3] if number > 1 else 0
    known = forum.post_pks[index]
    return Post(
        thread_id=forum.thread_pks[index],
        author_id=world.people.pks[author],
        number=number,
        body=body.text,
        body_html=body.html,
        language=body.language,
        language_is_mixed=body.is_mixed,
        # The opening post is found by its thread's title too.
        search_document=search.search_document(plan.title, _opening_search_text(plan, body))
        if number == 1
        else body.document,
        region_code=world.people.region[author],
        # A quote of a post in this same chunk is set after the insert (its key is unknown).
        quoted_post_id=known[quoted - 1] if 0 < quoted <= len(known) else None,
        created_at=at(moment),
    )


def _opening_search_text(plan: "ThreadPlan", body: Body) -> str:
    """An introduction's opening post is found by all its answers, as the forum's is."""
    if not plan.introduction:
        return body.text
    who, where, hope = plan.introduction
    return introduction_search_text(who_i_am=who, where_from=where, hope_to_learn=hope)


def plan_threads(world: World, thread_count: int, post_count: int) -> list[ThreadPlan]:
    """Introductions for a share of members (more of the recent ones) with welcomes, then
    threads in the other categories; replies spread so most threads are short, one has at
    least 50 replies and a few (at full size) 500 or more."""
    rng, people, now = world.rng, world.people, world.now
    categories = ensure_categories()
    introductions = next(c for c in categories if c.is_introductions)
    others = [c for c in categories if not c.is_introductions]
    weights = [CATEGORY_WEIGHTS.get(c.slug, 10) for c in others]
    replies_left = post_count - thread_count

    # Newcomers introduce themselves soon after joining; a quarter of threads at most.
    plans: list[ThreadPlan] = []
    recent = now - 60 * DAY
    newcomers = [
        index
        for index, joined in enumerate(people.joined)
        if rng.random() < (0.6 if joined > recent else 0.15)
    ]
    newcomers = rng.sample(newcomers, min(len(newcomers), thread_count // 4))
    welcome_budget = replies_left // 2
    for newcomer in sorted(newcomers):
        plan = _introduction_plan(world, newcomer, introductions.pk)
        want = rng.choices([0, 1, 2, 3, 4, 5, 6, 8], [12, 18, 20, 20, 12, 8, 6, 4])[0]
        want = min(want, welcome_budget)
        welcomers = world.distinct(want, plan.started, exclude=newcomer)
        moments = moments_after(rng, plan.started, len(welcomers), 6 * 3600, now - 30)
        for number, (moment, welcomer) in enumerate(zip(moments, welcomers, strict=True), start=2):
            plan.replies.append((moment, welcomer, _greeting(world, welcomer, newcomer), 0))
            plan.welcomes[number] = welcomer
        welcome_budget -= len(plan.replies)
        plans.append(plan)
    replies_left -= sum(len(plan.replies) for plan in plans)

    # Threads in the other categories, started over the year, more of them lately.
    first = people.joined[0] if people.joined else now
    discussions = []
    for _ in range(thread_count - len(plans)):
        started = now - 60 - (now - 60 - first - 3600) * rng.random() ** 1.3
        author = world.pick(started)
        body = body_for(world, author)
        language = world.bodies[body].language
        title = (
            fill(rng, rng.choice(ZH_TITLES), ZH_FILL)
            if language == "zh" or (world.bodies[body].is_mixed and rng.random() < 0.5)
            else fill(rng, rng.choice(EN_TITLES), EN_FILL)
        )
        category = others[rng.choices(range(len(others)), weights)[0]].pk
        discussions.append(ThreadPlan(category, author, title, started, body))
    # With no other threads, the replies go to the introductions.
    receivers = discussions or plans
    for plan, count in zip(receivers, _reply_counts(world, receivers, replies_left), strict=True):
        _add_replies(world, plan, count)
    return plans + discussions


def _reply_counts(world: World, threads: list[ThreadPlan], replies: int) -> list[int]:
    """Replies per thread: a few giants (500 to 1,200 at full size) and one of at least 50,
    given to threads among the oldest (a long thread takes months); the rest heavy-tailed
    (most threads a handful, some none)."""
    rng = world.rng
    if not threads:
        return []
    long = [rng.randint(500, 1_200) for _ in range(min(3, replies // 5_000, len(threads) - 1))]
    if replies - sum(long) >= 50 and len(long) < len(threads):
        long.append(min(replies - sum(long), rng.randint(50, 150)))
    rest = spread(replies - sum(long), [rng.lognormvariate(1.2, 1.1) for _ in threads[len(long) :]])
    by_age = sorted(range(len(threads)), key=lambda i: threads[i].started)
    oldest = by_age[: max(len(long), len(threads) // 10)]
    counts: list[int | None] = [None] * len(threads)
    for index, count in zip(rng.sample(oldest, len(long)), long, strict=True):
        counts[index] = count
    others = iter(rest)
    return [count if count is not None else next(others) for count in counts]


def _add_replies(world: World, plan: ThreadPlan, count: int) -> None:
    rng, people = world.rng, world.people
    start = plan.replies[-1][0] if plan.replies else plan.started
    gap = rng.lognormvariate(8.5, 1.2)  # about 80 minutes between replies, often more
    thread_language = people.language[plan.author]
    number = len(plan.replies) + 1
    for moment in moments_after(rng, start, count, gap, world.now - 30):
        number += 1
        author = world.pick(moment, thread_language if rng.random() < 0.6 else None)
        quoted = 0
        if number > 2 and rng.random() < 0.05:
            quoted = max(1, number - 1 - int(rng.expovariate(1 / 3)))
        plan.replies.append((moment, author, body_for(world, author), quoted))


def _introduction_plan(world: World, newcomer: int, category: int) -> ThreadPlan:
    """The guided form's answers, as forum.services.post_introduction stores them."""
    rng, people = world.rng, world.people
    language, region = people.language[newcomer], people.region[newcomer]
    city = rng.choice(CITIES.get(region, CITIES[UNKNOWN_REGION]))
    if language == "zh":
        who = "".join(_sentences(rng, "zh", 1)) + fill(
            rng, "我是{city}的{job}，喜欢{food}，家里有一只{pet}。", {**ZH_FILL, "job": ZH_JOBS}
        )
        hope = rng.choice(ZH_HOPES)
        title = fill(rng, "{city}的{job}，来交个朋友", {"city": [city], "job": ZH_JOBS})
    else:
        who = fill(
            rng,
            "I'm a {job} from {city}. I love {food} and my {pet}. ",
            {**EN_FILL, "job": EN_JOBS},
        ) + " ".join(_sentences(rng, "en", 1))
        hope = rng.choice(EN_HOPES)
        job, pet = rng.choice(EN_JOBS).capitalize(), rng.choice(EN_FILL["pet"])
        title = f"Hi from {city}! {job}, {pet} person"
    # The opening post holds "who I am"; the other answers are the introduction's fields.
    world.bodies.append(render(who, {}))
    started = min(people.joined[newcomer] + rng.expovariate(1 / (6 * 3600)), world.now - 60)
    return ThreadPlan(
        category, newcomer, title[:150], started, len(world.bodies) - 1, (who, city, hope)
    )


def _greeting(world: World, welcomer: int, newcomer: int) -> int:
    """A welcome's greeting, as forum.services.welcome_newcomer writes it: the welcomer's
    language (taken from the greeting's own words), the newcomer's name escaped."""
    people = world.people
    language = people.language[welcomer]
    template = GREETINGS[language][people.pks[welcomer] % len(GREETINGS[language])]
    name = MARKDOWN_SPECIAL.sub(r"\\\1", people.names[newcomer]).replace("@", "＠")
    text = template % {"name": name}
    written_in = detect_language(template % {"name": ""}).code
    body = render(text, {})
    if written_in:
        body = Body(body.text, body.html, written_in, False, body.document)
    world.bodies.append(body)
    return len(world.bodies) - 1


# --- reactions, follows, notifications -----------------------------------------------------


def add_reactions_follows_notifications(world: World, forum: Forum) -> None:
    """Reactions on a share of posts, follows of threads and members, and the notifications
    the services would have written for replies, quotes, mentions, reactions and follows
    (read some hours later, unless that is still to come)."""
    rng, people, now = world.rng, world.people, world.now
    kinds = list(REACTION_KINDS)
    kind_weights = list(REACTION_KINDS.values())

    def read(moment: float) -> datetime | None:
        moment += rng.expovariate(1 / (8 * 3600))
        return at(moment) if moment < now else None

    def notification(recipient, kind, actor, moment, post=None, reaction_kind=""):
        return Notification(
            recipient_id=people.pks[recipient],
            kind=kind,
            actor_id=people.pks[actor],
            post_id=post,
            reaction_kind=reaction_kind,
            created_at=at(moment),
            read_at=read(moment),
        )

    def reactions() -> Iterator[Reaction]:
        for moment, index, number, author, _body in forum.posts:
            if rng.random() >= (0.45 if number == 1 else 0.22):
                continue
            post = forum.post_pks[index][number - 1]
            count = 1 + min(int(rng.expovariate(1 / 1.2)), 20)
            for reactor in world.distinct(count, now, exclude=author):
                when = min(max(moment, people.joined[reactor]) + rng.expovariate(1 / 10_800), now)
                kind = rng.choices(kinds, kind_weights)[0]
                pending.append(notification(author, "reaction", reactor, when, post, kind))
                yield Reaction(
                    post_id=post, member_id=people.pks[reactor], kind=kind, created_at=at(when)
                )

    def post_notifications() -> Iterator[Notification]:
        """As forum.services.notifications._notify_about_post: the quoted author, the mentioned, the
        thread's author, each once, never the writer."""
        for moment, index, number, author, body in forum.posts:
            told = {author}
            post = forum.post_pks[index][number - 1]
            authors = forum.post_authors[index]
            quoted = forum.threads[index].replies[number - 2][3] if number > 1 else 0
            if quoted and authors[quoted - 1] not in told:
                told.add(authors[quoted - 1])
                yield notification(authors[quoted - 1], "quote", author, moment, post)
            for mentioned in world.bodies[body].mentions:
                if mentioned not in told and people.joined[mentioned] <= moment:
                    told.add(mentioned)
                    yield notification(mentioned, "mention", author, moment, post)
            if number > 1 and authors[0] not in told:
                yield notification(authors[0], "reply", author, moment, post)

    pending: list[Notification] = []
    insert_all(Reaction, reactions())
    insert_all(Notification, post_notifications())
    insert_all(Notification, pending)

    # Authors follow their threads (start_thread does); some repliers follow too.
    followed: set[tuple[int, int]] = set()
    rows = []
    for moment, index, number, author, _body in forum.posts:
        if (number == 1 or rng.random() < 0.08) and (author, index) not in followed:
            followed.add((author, index))
            rows.append(
                ThreadFollow(
                    member_id=people.pks[author],
                    thread_id=forum.thread_pks[index],
                    created_at=at(moment),
                )
            )
    insert_all(ThreadFollow, rows)

    # Members follow a few others, the active more often, with a notification each.
    pairs: dict[tuple[int, int], float] = {}
    total = len(people.pks)
    for follower in range(total if total > 1 else 0):
        for _ in range(min(int(rng.expovariate(1 / 3)), 40)):
            followed_member = world.pick(now)
            if followed_member != follower:
                since = max(people.joined[follower], people.joined[followed_member])
                pairs.setdefault((follower, followed_member), since + rng.random() * (now - since))
    insert_all(
        MemberFollow,
        (
            MemberFollow(
                follower_id=people.pks[a], followed_id=people.pks[b], created_at=at(moment)
            )
            for (a, b), moment in pairs.items()
        ),
    )
    insert_all(
        Notification, (notification(b, "follow", a, moment) for (a, b), moment in pairs.items())
    )


# --- chat ----------------------------------------------------------------------------------


def add_chat(world: World, message_count: int) -> None:
    """One-to-one conversations (a tenth of them requests still waiting, with their one
    message) and a few groups; messages over them in time order; read positions and each
    conversation's last message as chat.services keeps them."""
    rng, people, now = world.rng, world.people, world.now
    total = len(people.pks)
    if message_count == 0 or total < 2:
        return
    pool = _chat_pool(world, min(CHAT_POOL, max(100, message_count // 50)))
    direct_count = min(max(1, message_count // 25), total * (total - 1) // 2)
    group_count = 0
    if total >= 3 and message_count >= 20:
        group_count = min(len(GROUP_TITLES), max(1, message_count // 10_000))

    # (members, kind, title, created, request?) — members[0] started it.
    plans: list[list] = []
    keys: set[tuple[int, int]] = set()
    while len(keys) < direct_count:
        first = world.pick(now)
        # Most pairs cross the language line: that is what the site is for.
        second = world.pick(now, None if rng.random() < 0.4 else _other(people.language[first]))
        pair = (min(first, second), max(first, second))
        if first == second or pair in keys:
            continue
        keys.add(pair)
        since = max(people.joined[first], people.joined[second])
        created = since + (now - 60 - since) * rng.random() ** 0.7
        plans.append([[first, second], Conversation.Kind.DIRECT, "", created, rng.random() < 0.1])
    for number in range(group_count):
        founder = world.pick(now - 30 * DAY)
        size = min(rng.randint(3, 12), MAX_GROUP_MEMBERS, total)
        members = [founder, *world.distinct(size - 1, now, exclude=founder)]
        since = max(people.joined[m] for m in members)
        created = since + (now - 60 - since) * rng.random() * 0.5
        plans.append([members, Conversation.Kind.GROUP, GROUP_TITLES[number], created, False])
    plans.sort(key=lambda plan: plan[3])
    conversations = insert(
        Conversation,
        (
            Conversation(
                kind=kind,
                title=title,
                created_by_id=people.pks[members[0]],
                direct_key=Conversation.key_for(people.pks[members[0]], people.pks[members[1]])
                if kind == Conversation.Kind.DIRECT
                else None,
                created_at=at(created),
            )
            for members, kind, title, created, _request in plans
        ),
    )

    # A request holds its one message; the rest are shared out, groups talking most.
    requests = [i for i, plan in enumerate(plans) if plan[4]]
    talking = [i for i, plan in enumerate(plans) if not plan[4]]
    if not talking:  # every conversation a request: the first one was accepted
        plans[0][4] = False
        requests, talking = requests[1:], [0]
    requests = requests[: max(0, message_count - len(talking))]
    for index in set(range(len(plans))) - set(requests) - set(talking):
        plans[index][4] = False  # no message left for it: an accepted, quiet conversation
    counts = spread(
        message_count - len(requests) - len(talking),
        [
            rng.lognormvariate(0, 1.1) * (15 if plans[i][1] == Conversation.Kind.GROUP else 1)
            for i in talking
        ],
    )
    written: list[tuple[float, int, int, int]] = []  # (moment, conversation, author, body)
    for index, count in zip(requests + talking, [0] * len(requests) + counts, strict=True):
        members, _kind, _title, created, _request = plans[index]
        gap = rng.lognormvariate(7.5, 1.3)
        author = members[0]
        for moment in moments_after(rng, created, count + 1, gap, now - 10):
            written.append((moment, index, author, rng.choice(pool)))
            if len(members) == 2:
                author = members[1] - author + members[0] if rng.random() < 0.6 else author
            else:
                author = rng.choice(members)
    written.sort()
    pks: list[list[tuple[int, int]]] = [[] for _ in plans]  # (message pk, author) by conversation
    for start in range(0, len(written), BATCH):
        chunk = written[start : start + BATCH]
        rows = Message.objects.bulk_create(
            [
                Message(
                    conversation_id=conversations[index].pk,
                    author_id=people.pks[author],
                    body=pool_body.text,
                    body_html=pool_body.html,
                    language=pool_body.language,
                    language_is_mixed=pool_body.is_mixed,
                    region_code=people.region[author],
                    client_id=uuid.UUID(int=rng.getrandbits(128)),
                    created_at=at(moment),
                )
                for moment, index, author, body in chunk
                for pool_body in [world.bodies[body]]
            ]
        )
        for (_moment, index, author, _body), row in zip(chunk, rows, strict=True):
            pks[index].append((row.pk, author))

    insert_all(Participant, _participants(world, plans, conversations, pks, written))
    # The conversation's newest message, as send_message leaves it.
    newest = Message.objects.filter(conversation=OuterRef("pk")).order_by("-pk")
    Conversation.objects.filter(pk__in=[c.pk for c in conversations]).update(
        last_message=Subquery(newest.values("pk")[:1]),
        last_message_at=Subquery(newest.values("created_at")[:1]),
    )


def _other(language: str) -> str:
    return "zh" if language == "en" else "en"


def _participants(
    world: World,
    plans: list[list],
    conversations: list[Conversation],
    pks: list[list[tuple[int, int]]],
    written: list[tuple[float, int, int, int]],
) -> Iterator[Participant]:
    """Each member's place: writing is reading (their own last message at least); most have
    read to the end, fewer in conversations busy in the last two days."""
    rng, people, now = world.rng, world.people, world.now
    last_moment: dict[int, float] = {}
    for moment, index, _author, _body in written:
        last_moment[index] = moment
    for index, (members, _kind, _title, created, request) in enumerate(plans):
        messages = pks[index]
        for position, member in enumerate(members):
            state = Participant.State.ACTIVE
            own = [pk for pk, author in messages if author == member]
            read_to = own[-1] if own else 0
            if request and position == 1:
                state = rng.choices(["request", "declined"], [8, 2])[0]
            elif messages:
                recent = now - last_moment.get(index, created) < 2 * DAY
                if rng.random() < (0.6 if recent else 0.97):
                    read_to = messages[-1][0]
                else:
                    read_to = max(read_to, messages[rng.randrange(len(messages))][0])
            yield Participant(
                conversation_id=conversations[index].pk,
                member_id=people.pks[member],
                state=state,
                last_read_message_id=read_to,
                joined_at=at(created),
            )


def _chat_pool(world: World, size: int) -> list[int]:
    rng = world.rng
    start = len(world.bodies)
    for number in range(size):
        roll = number % 10
        if roll < 4:
            text = fill(rng, rng.choice(EN_CHAT), EN_FILL)
        elif roll < 8:
            text = fill(rng, rng.choice(ZH_CHAT), ZH_FILL)
        else:
            text = (
                fill(rng, rng.choice(ZH_CHAT), ZH_FILL)
                + " "
                + fill(rng, rng.choice(EN_CHAT), EN_FILL)
            )
        world.bodies.append(render(text, {}))
    return list(range(start, len(world.bodies)))


# --- search index --------------------------------------------------------------------------


def check_search_index() -> None:
    """On SQLite, make sure the full-text index holds every post: its insert trigger fires for
    bulk inserts too, but a database whose triggers were lost (see forum migration 0006)
    would search nothing. PostgreSQL's GIN index is kept by the database itself."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        # One row per indexed document (FTS5's own bookkeeping table).
        cursor.execute("SELECT count(*) FROM forum_post_fts_docsize")
        indexed = cursor.fetchone()[0]
        if indexed != Post.objects.count():
            cursor.execute("INSERT INTO forum_post_fts(forum_post_fts) VALUES ('rebuild')")
