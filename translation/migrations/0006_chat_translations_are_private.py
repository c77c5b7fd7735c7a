"""Translations of chat messages made before `is_private` existed are private too."""

import hashlib

from django.db import migrations


def mark_chat_translations_private(apps, schema_editor):
    Message = apps.get_model("chat", "Message")
    Translation = apps.get_model("translation", "Translation")
    # (The same words in a public post become public again at their next public request.)
    hashes = [
        hashlib.sha256(html.encode()).hexdigest()
        for html in Message.objects.exclude(body_html="")
        .values_list("body_html", flat=True)
        .iterator()
    ]
    for start in range(0, len(hashes), 500):
        Translation.objects.filter(source_hash__in=hashes[start : start + 500]).update(
            is_private=True
        )


class Migration(migrations.Migration):
    dependencies = [
        ("translation", "0005_translation_is_private"),
        ("chat", "0003_photo_paths"),
    ]

    operations = [
        migrations.RunPython(mark_chat_translations_private, migrations.RunPython.noop),
    ]
