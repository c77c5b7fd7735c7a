"""Chat: one-to-one conversations and groups, their messages and read positions."""

import uuid
from collections.abc import Iterator

from django.db.models import OuterRef, Subquery

from chat.models import MAX_GROUP_MEMBERS, Conversation, Message, Participant
from demo.dataset.bodies import render
from demo.dataset.bulk import DAY, at, chunks, fill, insert, insert_all, moments_after, spread
from demo.dataset.words import EN_CHAT, EN_FILL, GROUP_TITLES, ZH_CHAT, ZH_FILL
from demo.dataset.world import World

CHAT_POOL = 1_500


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
    for chunk in chunks(written):
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
