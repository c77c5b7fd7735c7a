from django.db import migrations

# slug, English name, Chinese name, English description, Chinese description
CATEGORIES = [
    ("introductions", "Introductions", "自我介绍",
     "Say who you are: get to know me.", "说说你是谁，让大家认识你。"),
    ("daily-life", "Daily life", "日常生活",
     "Work, school, weekends and everything in between.", "工作、学习、周末，生活里的点点滴滴。"),
    ("food", "Food", "美食",
     "Recipes, markets, and what you had for dinner.", "菜谱、市场，还有你今天晚饭吃了什么。"),
    ("language-exchange", "Language exchange", "语言交换",
     "Ask about words, slang and grammar; offer help.", "问问词语、俚语和语法，也帮帮别人。"),
    ("pets", "Pets", "萌宠",
     "Cats, dogs, and the cat tax.", "猫猫狗狗，还有“猫税”。"),
    ("culture-questions", "Culture questions", "文化问答",
     "Curious about something? Ask kindly.", "有什么好奇的？友好地问吧。"),
    ("site-feedback", "Site feedback", "站务反馈",
     "Ideas and problems with Halfway itself.", "关于 Halfway 本身的建议和问题。"),
]  # fmt: skip


def add_categories(apps, schema_editor):
    Category = apps.get_model("forum", "Category")
    for position, (slug, name_en, name_zh, about_en, about_zh) in enumerate(CATEGORIES):
        Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name_en": name_en,
                "name_zh": name_zh,
                "description_en": about_en,
                "description_zh": about_zh,
                "position": position,
                "is_introductions": slug == "introductions",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial")]

    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
