"""The demo community's glossary and one suggested translation waiting for votes.

Used by `manage.py seed_demo` after the forum is seeded; idempotent.
"""

from django.db import transaction

from accounts.models import Member
from forum.models import Category, Post
from translation import services
from translation.models import GlossaryEntry, Suggestion, Translation

# (English, Chinese, note): the community's own words, and the site's name kept as it is.
DEMO_GLOSSARY = [
    ("Halfway", "Halfway", "The site's name: never translated."),
    ("Rednote", "小红书", "Machine translation once rendered it 红笔记."),
    ("Xiaohongshu", "小红书", ""),
    ("TikTok refugee", "TikTok难民", "What the newcomers of January 2025 called themselves."),
    ("cat tax", "猫税", "A photo of your cat, owed when you mention it."),
    ("dog tax", "狗税", ""),
    ("get to know me", "自我介绍", ""),
]

# A machine-flavoured slip in a demo translation, and a bilingual member's better wording.
SUGGESTED_FOR = "Paying my dog tax in solidarity. The kelpies say hi."
SUGGESTION = "跟个风，我也来交狗税！两只卡尔比犬向大家问好。"
SUGGESTED_BY = "meimei"


@transaction.atomic
def seed_demo_glossary() -> int:
    if GlossaryEntry.objects.exists():
        return 0
    staff = Member.objects.filter(is_staff=True).order_by("pk").first()
    entries = list(DEMO_GLOSSARY) + [
        (category.name_en, category.name_zh, "A category name.")
        for category in Category.objects.all()
    ]
    seen_english, seen_chinese = set(), set()
    for english, chinese, note in entries:
        if english.lower() in seen_english or chinese in seen_chinese:
            continue
        seen_english.add(english.lower())
        seen_chinese.add(chinese)
        services.save_glossary_entry(staff=staff, english=english, chinese=chinese, note=note)
    return len(seen_english)


def seed_demo_suggestion() -> bool:
    post = Post.objects.filter(body=SUGGESTED_FOR).first()
    author = Member.objects.filter(username=SUGGESTED_BY).first()
    if post is None or author is None:
        return False
    translation = Translation.objects.filter(
        source_hash=services.source_hash(post.body_html), target_language="zh-hans"
    ).first()
    if translation is None or Suggestion.objects.filter(translation=translation).exists():
        return False
    services.suggest_translation(
        author=author, translation=translation, body=SUGGESTION, content_url=post.get_absolute_url()
    )
    return True
