"""The demo community's conversations: a newcomer and a long-time member who became friends
over mapo tofu, and a request waiting for 小蓝. Used by `manage.py seed_demo`; idempotent."""

import uuid

from accounts.models import Member
from chat import services
from chat.models import Conversation, Message
from core.markup import render_markdown
from forum import services as forum_services
from translation import services as translation_services

# (author, region, text): Marcus in New York writes to 老王 in Chengdu, who follows him.
MAPO_TOFU_CHAT = [
    ("marcus_nyc", "US", "Hi 老王! I made your mapo tofu last night. My mouth is still numb."),
    ("laowang_cd", "CN", "哈哈，那就对了！花椒放多了吧？"),
    ("marcus_nyc", "US", "Maybe a little 😅 Where do you buy Sichuan pepper in Chengdu?"),
    ("laowang_cd", "CN", "菜市场就有，要买**大红袍**，新鲜的最麻。下次教你做回锅肉。"),
    ("marcus_nyc", "US", "Deal! I'll bring the bass and play you something in return."),
]
# A first message from someone 小蓝 does not follow: it waits in her Requests.
REQUEST = (
    "liam_au",
    "AU",
    "Hi! Your cats look like they run the house. Do they get along with dogs?",
)
# Hand-written translations, so the demo reads both ways without a DeepL key.
DEMO_CHAT_TRANSLATIONS = {
    MAPO_TOFU_CHAT[0][2]: "老王你好！我昨晚做了你的麻婆豆腐，嘴到现在还是麻的。",
    MAPO_TOFU_CHAT[1][2]: "Haha, that means you did it right! Too much Sichuan pepper?",
    MAPO_TOFU_CHAT[2][2]: "可能放多了一点 😅 在成都去哪儿买花椒？",
    MAPO_TOFU_CHAT[3][
        2
    ]: "Any wet market has it. Buy **Dahongpao**: the fresher, the more numbing. "
    "Next time I'll teach you twice-cooked pork.",
    MAPO_TOFU_CHAT[4][2]: "一言为定！我带上贝斯，给你弹一曲作为回报。",
    REQUEST[2]: "你好！你家的猫看起来是家里的老大。它们和狗合得来吗？",
}


def seed_demo_chat() -> int:
    members = {member.username: member for member in Member.objects.all()}
    needed = {"marcus_nyc", "laowang_cd", "liam_au", "xiaolan"}
    if not needed <= set(members) or Message.objects.exists():
        return 0
    marcus, laowang = members["marcus_nyc"], members["laowang_cd"]
    forum_services.follow_member(follower=laowang, member=marcus, follow=True)
    # Six messages and two conversations: well inside the members' own limits.
    conversation = services.direct_conversation(sender=marcus, recipient=laowang)
    for username, region, text in MAPO_TOFU_CHAT:
        _send(members[username], conversation, text, region)
    author, region, text = REQUEST
    request = services.direct_conversation(sender=members[author], recipient=members["xiaolan"])
    _send(members[author], request, text, region)
    for message in Message.objects.filter(body__in=list(DEMO_CHAT_TRANSLATIONS)):
        translation_services.store_translation_by_hand(
            source_html=message.body_html,
            source_language=message.language,
            target_language="en" if message.language == "zh" else "zh-hans",
            html=render_markdown(DEMO_CHAT_TRANSLATIONS[message.body]),
            private=True,
        )
    return len(MAPO_TOFU_CHAT) + 1


def _send(author, conversation: Conversation, text: str, region: str) -> None:
    services.send_message(
        author=author,
        conversation=conversation,
        body=text,
        client_id=uuid.uuid4(),
        region_code=region,
    )
