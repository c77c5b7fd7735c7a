"""Follows between members move to accounts (accounts.MemberFollow), below chat and forum,
which both read them. The rows stay: the table is renamed to accounts' name, and forum forgets
the model without dropping it (accounts 0010 takes it over)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0012_introduction_answers_out_of_the_body"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="memberfollow", table="accounts_memberfollow")
            ],
            state_operations=[migrations.DeleteModel(name="MemberFollow")],
        ),
    ]
