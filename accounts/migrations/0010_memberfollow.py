"""accounts.MemberFollow takes over forum's table, renamed in forum 0013: no rows move."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0009_member_manager_forgets_kept_rows"),
        ("forum", "0013_member_follows_move_to_accounts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="MemberFollow",
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
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "followed",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="followers",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "follower",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="following",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("follower", "followed"), name="follow_member_once"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("follower", models.F("followed")), _negated=True
                                ),
                                name="no_self_follow",
                            ),
                        ],
                    },
                ),
            ],
        ),
    ]
