"""The demo community's introductions, threads and replies (used by `manage.py seed_demo`).

Written through the same services members use, then spread over the past week so the feed
reads like a living place. Idempotent: nothing is created when the first thread exists.
"""

import io
import random
from datetime import datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from PIL import Image, ImageDraw

from accounts.models import Member
from core.markup import render_markdown
from demo.forum_translations import DEMO_TRANSLATIONS
from demo.members import DEMO_MEMBERS
from forum import services
from forum.models import Category, Introduction, Post, Thread
from translation import services as translation_services

# username, title, who I am, where from, hope to learn, photo colours (or None)
INTRODUCTIONS = [
    ("jess_tx", "Hi from Texas! Nurse, knitter, cat person",
     "Night-shift nurse. I knit on my breaks and my cat Biscuit supervises. I came over in "
     "January with everyone else and stayed because people here are kind.",
     "Austin, Texas", "How do people here celebrate Spring Festival at home?",
     ("#f4a259", "#3b2f2f")),
    ("xiaolan", "上海的小蓝，家里两只橘猫",
     "在这里三年了，平时拍猫、做饭。最近认识了好多新朋友，很开心。",
     "上海", "想知道美国人平时在家吃什么，周末都干嘛。", ("#e9893a", "#fff4e0")),
    ("marcus_nyc", "Brooklyn bass player learning 川菜",
     "Musician by night, terrible cook by day. Trying to learn real Sichuan food.",
     "Brooklyn, New York", "Which regional cuisines should I try first?", None),
    ("amelia_uk", "Tea-obsessed gardener from Manchester",
     "I grow tomatoes badly and drink tea properly. Learning Chinese with an app and a lot "
     "of patience.", "Manchester, England", "Everything about 普洱 and how to brew it.",
     ("#6a994e", "#f2e8cf")),
    ("rafa_sp", "Olá! Designer from São Paulo",
     "Graphic designer, football fan, weekend cook. Here for the food photos.",
     "São Paulo, Brazil", "What's the story behind the lunar new year animals?", None),
    ("liam_au", "Two dogs and too much coffee",
     "Melbourne. I take my two kelpies hiking every weekend.", "Melbourne, Australia",
     "How do you explain a flat white in Chinese?", ("#a26769", "#ece2d0")),
    ("meimei", "北京的英语老师，来交个朋友",
     "我在北京教英语，也在学日语。喜欢读书、看老电影。欢迎来找我练中文！",
     "北京", "想了解英国和美国的学校是什么样的。", None),
]  # fmt: skip

# category slug, author, title, body, replies: (author, body)
THREADS = [
    ("food", "laowang_cd", "麻婆豆腐的正宗做法（新朋友来学！）",
     "很多美国朋友问我麻婆豆腐怎么做。关键是：**郫县豆瓣**、花椒、嫩豆腐。\n\n"
     "1. 豆腐切块，盐水焯一下\n2. 牛肉末炒香，加豆瓣酱炒出红油\n3. 加水，放豆腐，小火煮\n"
     "4. 勾芡，撒花椒面\n\n有问题就问我！",
     [("marcus_nyc", "This is amazing, thank you! Where do I find 郫县豆瓣 in New York? "
       "@laowang_cd is the broad bean paste the same as doubanjiang in jars?"),
      ("xiaolan", "老王的麻婆豆腐是真的好吃 😋 纽约的中国超市应该都有，找红色包装的。"),
      ("jess_tx", "Made it last night. My mouth is still numb. 10/10.")]),
    ("pets", "xiaolan", "猫税来了 🐱 馒头和花卷",
     "新朋友说发猫的照片要交“猫税”，那我先交了！馒头喜欢睡纸箱，花卷喜欢抢我的椅子。",
     [("jess_tx", "Biscuit would like to meet 馒头. They both look like they run the house."),
      ("liam_au", "Paying my dog tax in solidarity. The kelpies say hi.")]),
    ("language-exchange", "jess_tx", "What does 绝绝子 actually mean?",
     "The translate button gave me \"absolutely child\" and I am confused. "
     "Someone commented it on my cat photo.",
     [("chen_hk", "It's slang for \"the absolute best\" / \"amazing\". Your cat got a big "
       "compliment 😄 The translate button struggles with internet slang."),
      ("meimei", "对，就是“太棒了”的意思，年轻人常用。You can reply 谢谢！")]),
    ("daily-life", "ahmao", "说实话，一下子来了这么多新人，有点不习惯",
     "以前首页都是熟悉的博主，现在满屏英文。不是不欢迎，就是有点怕这里变了。大家怎么看？",
     [("xiaolan", "理解你的感受。我现在只看“关注”，首页乱一点也不影响。"),
      ("amelia_uk", "That's fair. We're guests here — tell us what would help. "
       "I try to post in both languages when I can."),
      ("ahmao", "谢谢，其实聊下来大家都挺好的。慢慢来吧。")]),
    ("culture-questions", "rafa_sp", "Why does every post show an IP region?",
     "I noticed \"IP属地\" on everything. Is it a law? Does it bother people?",
     [("chen_hk", "Platforms in China started showing it in 2022. Here it's just the country, "
       "and the address itself is never stored."),
      ("tom_de", "I like it, honestly. It makes the mix of people visible.")]),
    ("site-feedback", "amelia_uk", "Idea: side-by-side translation for learners",
     "Would love to see the original and the translation next to each other.",
     [("meimei", "+1，这个对学语言很有帮助。")]),
]  # fmt: skip

REACTIONS = [
    ("marcus_nyc", 0, 1, "heart"),
    ("jess_tx", 0, 1, "thumbs_up"),
    ("jess_tx", 1, 1, "heart"),
    ("liam_au", 1, 1, "heart"),
    ("meimei", 1, 1, "hug"),
    ("xiaolan", 2, 2, "laugh"),
    ("amelia_uk", 3, 1, "hug"),
    ("xiaolan", 3, 3, "heart"),
]


def demo_photo(colours: tuple[str, str], name: str) -> SimpleUploadedFile:
    """A drawn picture of a cat (the canonical introduction photo), as a JPEG upload."""
    fur, background = colours
    image = Image.new("RGB", (960, 720), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((300, 200, 660, 560), fill=fur)  # head
    draw.polygon([(320, 290), (350, 120), (450, 220)], fill=fur)  # ears
    draw.polygon([(640, 290), (610, 120), (510, 220)], fill=fur)
    for eye_x in (410, 550):
        draw.ellipse((eye_x - 22, 330, eye_x + 22, 380), fill="#2b2b2b")
    draw.polygon([(465, 420), (495, 420), (480, 440)], fill="#e5989b")  # nose
    for side in (-1, 1):
        for dy in (-10, 10):
            draw.line((480 + side * 40, 445 + dy, 480 + side * 170, 430 + dy * 3), "#2b2b2b", 4)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=88)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def seed_demo_forum() -> int:
    """Create the demo introductions and threads if the forum is empty; return threads made."""
    if Thread.objects.exists():
        return 0
    members = {member.username: member for member in Member.objects.all()}
    if not all(username in members for username, *_ in INTRODUCTIONS):
        return 0
    rng = random.Random(2025)  # noqa: S311  (demo timestamps, not security)
    now = timezone.now()
    with transaction.atomic():
        for username, title, who, where, hope, colours in INTRODUCTIONS:
            member = members[username]
            introduction = services.post_introduction(
                member=member,
                title=title,
                who_i_am=who,
                where_from=where,
                hope_to_learn=hope,
                languages_spoken=member.languages_spoken,
                languages_learning=member.languages_learning,
                interests=list(member.interests.all()),
                photos=[demo_photo(colours, f"{username}.jpg")] if colours else [],
                region_code=member.region_code,
            )
            _age(introduction.thread, now - timedelta(hours=rng.randint(2, 160)), rng)
        threads = []
        for slug, author, title, body, replies in THREADS:
            thread = services.start_thread(
                author=members[author],
                category=Category.objects.get(slug=slug),
                title=title,
                body=body,
                region_code=members[author].region_code,
            )
            for replier, text in replies:
                services.add_reply(
                    author=members[replier],
                    thread=thread,
                    body=text,
                    region_code=members[replier].region_code,
                )
            _age(thread, now - timedelta(hours=rng.randint(1, 120)), rng)
            threads.append(thread)
        for username, thread_index, post_number, kind in REACTIONS:
            post = Post.objects.get(thread=threads[thread_index], number=post_number)
            if post.author_id != members[username].pk:
                services.toggle_reaction(member=members[username], post=post, kind=kind)
        services.follow_member(follower=members["xiaolan"], member=members["jess_tx"], follow=True)
        services.follow_member(follower=members["jess_tx"], member=members["xiaolan"], follow=True)
    return len(threads) + len(INTRODUCTIONS)


def _age(thread: Thread, started: datetime, rng: random.Random) -> None:
    """Spread a demo thread's posts over the hours after `started`, never into the future."""
    latest = timezone.now() - timedelta(minutes=3)
    moment = last = min(started, latest)
    for post in thread.posts.order_by("number"):
        Post.objects.filter(pk=post.pk).update(created_at=moment)
        last = moment
        moment = min(moment + timedelta(minutes=rng.randint(7, 300)), latest)
    Thread.objects.filter(pk=thread.pk).update(created_at=started, last_posted_at=last)
    Introduction.objects.filter(thread=thread).update(created_at=started)


def seed_demo_translations() -> int:
    """Store the hand-written translations of every demo title and post (idempotent), so the
    Translate button works on a fresh `make run` without a DeepL key."""
    stored = 0
    usernames = [username for username, *_ in DEMO_MEMBERS]
    threads = Thread.objects.filter(author__username__in=usernames).select_related("introduction")
    for thread in threads:
        opening = thread.posts.get(number=1)
        target = _other_language(thread.language)
        texts = [(thread.title, thread.language)]
        introduction = getattr(thread, "introduction", None)
        if introduction is not None:
            # The opening post holds "who I am"; the other answers are translated on their
            # own, as the thread page asks for them (forum.views.translations._answers_wanted).
            texts += [(introduction.where_from, opening.language)]
            texts += [(introduction.hope_to_learn, opening.language)]
        for words, language in texts:
            if words in DEMO_TRANSLATIONS:
                translation_services.store_translation_by_hand(
                    source_html=escape(words),
                    source_language=language,
                    target_language=target,
                    html=escape(DEMO_TRANSLATIONS[words]),
                )
                stored += 1
        for post in thread.posts.all():
            if post.body in DEMO_TRANSLATIONS:
                translation_services.store_translation_by_hand(
                    source_html=post.body_html,
                    source_language=post.language,
                    target_language=_other_language(post.language),
                    html=render_markdown(DEMO_TRANSLATIONS[post.body]),
                )
                stored += 1
    return stored


def _other_language(code: str) -> str:
    """A demo text is translated into the other interface language."""
    return "en" if code == "zh" else "zh-hans"
