"""Reactions, follows of threads and members, and the notifications they and posts bring."""

from collections.abc import Iterator
from datetime import datetime

from accounts.models import MemberFollow
from demo.dataset.bulk import at, insert_all, weighted
from demo.dataset.threads import Forum
from demo.dataset.world import World
from forum.models import Notification, Reaction, ThreadFollow

REACTION_KINDS = {"heart": 35, "thumbs_up": 30, "laugh": 15, "wow": 8, "hug": 12}


def add_reactions_follows_notifications(world: World, forum: Forum) -> None:
    """Reactions on a share of posts, follows of threads and members, and the notifications
    the services would have written for replies, quotes, mentions, reactions and follows
    (read some hours later, unless that is still to come)."""
    rng, people, now = world.rng, world.people, world.now

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
                kind = weighted(rng, REACTION_KINDS)
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
