"""Introductions' opening posts held their answers under English (or Chinese) labels, written
into the text: "**Where I am from:** …" and "**What I would love to learn:** …". The post now
holds the member's own words about themselves; the answers are the introduction's fields,
labelled in each reader's language when shown."""

import re

from django.db import migrations

# The labels forum.services wrote, in every language it wrote them in (the second had no
# Chinese entry, so it was always English; its later Chinese is accepted too).
WHERE_LABELS = ("Where I am from", "我来自哪里")
HOPE_LABELS = ("What I would love to learn", "我想了解的")


def _alternatives(labels) -> str:
    return "|".join(re.escape(label) for label in labels)


OLD_BODY = re.compile(
    r"\A(?P<who>.*)\n\n\*\*(?:" + _alternatives(WHERE_LABELS) + r"):\*\* (?P<where>[^\n]*)"
    r"(?:\n\n\*\*(?:" + _alternatives(HOPE_LABELS) + r"):\*\* (?P<hope>.*))?\Z",
    re.DOTALL,
)
OLD_HTML = re.compile(r"<p><strong>(?:" + _alternatives(WHERE_LABELS) + r"):</strong> ")


def split_old_body(body: str, body_html: str) -> tuple[str, str, str, str] | None:
    """(who I am, where from, hope to learn, the HTML of who I am) from an opening post in
    the old format, or None if it is not in it (already converted, or edited out of it)."""
    matched = OLD_BODY.match(body)
    starts = [found.start() for found in OLD_HTML.finditer(body_html)]
    if matched is None or not starts:
        return None
    return (
        matched["who"].strip(),
        matched["where"].strip(),
        (matched["hope"] or "").strip(),
        body_html[: starts[-1]],
    )


def take_answers_out_of_bodies(apps, schema_editor):
    from forum.search import search_document

    Introduction = apps.get_model("forum", "Introduction")
    Post = apps.get_model("forum", "Post")
    for introduction in Introduction.objects.select_related("thread").iterator():
        opening = Post.objects.filter(thread_id=introduction.thread_id, number=1).first()
        if opening is None:
            continue
        parts = split_old_body(opening.body, opening.body_html)
        if parts is None:
            continue
        who, where, hope, who_html = parts
        opening.body = who
        opening.body_html = who_html
        opening.search_document = search_document(
            introduction.thread.title, "\n".join(part for part in (who, where, hope) if part)
        )
        opening.save(update_fields=["body", "body_html", "search_document"])
        # The post is what members saw (and may have edited): its answers are the ones kept.
        introduction.who_i_am, introduction.where_from, introduction.hope_to_learn = (
            who,
            where,
            hope,
        )
        introduction.save(update_fields=["who_i_am", "where_from", "hope_to_learn"])


class Migration(migrations.Migration):
    dependencies = [("forum", "0011_notification_kind_message_request")]

    operations = [
        migrations.RunPython(take_answers_out_of_bodies, migrations.RunPython.noop, elidable=True)
    ]
