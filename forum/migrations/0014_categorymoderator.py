"""forum.CategoryModerator takes over moderation's table, renamed in moderation 0002."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0013_member_follows_move_to_accounts"),
        ("moderation", "0002_category_moderators_move_to_forum"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CategoryModerator",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "category",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="moderators",
                                to="forum.category",
                            ),
                        ),
                        (
                            "member",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="moderated_categories",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "category moderator",
                        "verbose_name_plural": "category moderators",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("member", "category"), name="moderate_category_once"
                            )
                        ],
                    },
                ),
            ],
        ),
    ]
