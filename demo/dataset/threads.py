"""Forum content: threads in every category with their replies, introductions and welcomes."""

import importlib
from dataclasses import dataclass, field

from django.apps import apps as django_apps

from demo.dataset.bodies import _sentences, body_for, render
from demo.dataset.bulk import DAY, at, chunks, fill, insert, insert_all, moments_after, spread
from demo.dataset.words import (
    CITIES,
    EN_FILL,
    EN_HOPES,
    EN_JOBS,
    EN_TITLES,
    GREETINGS,
    ZH_FILL,
    ZH_HOPES,
    ZH_JOBS,
    ZH_TITLES,
)
from demo.dataset.world import Body, World
from forum import search
from forum.models import Category, Introduction, Post, Thread, Welcome
from forum.services import MARKDOWN_SPECIAL, introduction_search_text
from regions.names import UNKNOWN_REGION
from translation.detection import detect_language

CATEGORY_WEIGHTS = {
    "daily-life": 30, "food": 22, "language-exchange": 16, "pets": 14,
    "culture-questions": 12, "site-feedback": 6,
}  # fmt: skip


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
    for chunk in chunks(written):
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
