from django.db import migrations

# slug, English, Chinese: the interests suggested to every new member.
SUGGESTED_INTERESTS = [
    ("anime", "Anime", "动漫"),
    ("basketball", "Basketball", "篮球"),
    ("books", "Books", "读书"),
    ("calligraphy", "Calligraphy", "书法"),
    ("cats", "Cats", "猫"),
    ("coffee", "Coffee", "咖啡"),
    ("cooking", "Cooking", "做饭"),
    ("dance", "Dance", "跳舞"),
    ("dogs", "Dogs", "狗"),
    ("fashion", "Fashion", "穿搭"),
    ("films", "Films", "电影"),
    ("football", "Football", "足球"),
    ("gaming", "Gaming", "游戏"),
    ("gardening", "Gardening", "园艺"),
    ("hiking", "Hiking", "徒步"),
    ("knitting", "Knitting", "编织"),
    ("language-learning", "Language learning", "学语言"),
    ("makeup", "Makeup", "美妆"),
    ("music", "Music", "音乐"),
    ("photography", "Photography", "摄影"),
    ("tea", "Tea", "茶"),
    ("travel", "Travel", "旅行"),
]


def add_interests(apps, schema_editor):
    Interest = apps.get_model("accounts", "Interest")
    for slug, name_en, name_zh in SUGGESTED_INTERESTS:
        Interest.objects.get_or_create(
            slug=slug, defaults={"name_en": name_en, "name_zh": name_zh, "is_suggested": True}
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(add_interests, migrations.RunPython.noop)]
