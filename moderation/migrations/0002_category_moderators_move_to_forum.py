"""Who moderates which category moves to forum (forum.CategoryModerator), whose permissions
read it: forum sits below moderation. The table is renamed and no row moves; forum 0014
takes the model over."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("forum", "0013_member_follows_move_to_accounts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(
                    name="categorymoderator", table="forum_categorymoderator"
                )
            ],
            state_operations=[migrations.DeleteModel(name="CategoryModerator")],
        ),
    ]
