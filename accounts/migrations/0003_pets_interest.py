from django.db import migrations


def add_pets(apps, schema_editor):
    Interest = apps.get_model("accounts", "Interest")
    Interest.objects.get_or_create(
        slug="pets", defaults={"name_en": "Pets", "name_zh": "宠物", "is_suggested": True}
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_suggested_interests")]

    operations = [migrations.RunPython(add_pets, migrations.RunPython.noop)]
