"""Word and sentence pools that names, posts, titles, greetings and chat lines are drawn from."""

CITIES = {
    "CN": ["成都", "上海", "北京", "广州", "杭州", "西安", "深圳", "武汉"],
    "HK": ["香港"], "SG": ["新加坡"], "MY": ["吉隆坡", "槟城"],
    "US": ["Austin, Texas", "Brooklyn, New York", "Seattle", "Chicago", "San Diego"],
    "GB": ["Manchester", "Leeds", "Bristol"], "CA": ["Vancouver", "Toronto", "Montréal"],
    "AU": ["Melbourne", "Brisbane"], "DE": ["Berlin", "Hamburg"],
    "BR": ["São Paulo", "Recife"], "MX": ["Guadalajara", "Monterrey"],
    "ZZ": ["somewhere on the internet"],
}  # fmt: skip

EN_FIRST = [
    "Jess", "Marcus", "Amelia", "Rafael", "Yuki", "Liam", "Sofía", "Tom", "Emma", "Noah",
    "Olivia", "Ethan", "Chloe", "Lucas", "Mia", "Jack", "Ava", "Leo", "Grace", "Daniel",
    "Hannah", "Samuel", "Zoe", "Ben", "Lily", "Max", "Ella", "Oscar", "Ruby", "Henry", "Isla",
    "Mateo", "Camila", "Diego", "Lena", "Felix", "Priya", "Omar", "Aisha", "Kenji",
]  # fmt: skip
ZH_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
ZH_GIVEN = [
    "晓雯", "明", "伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "杰", "娟", "涛",
    "超", "霞", "子涵", "雨桐", "浩然", "思远",
]  # fmt: skip
ZH_NICKNAMES = ["小蓝", "阿毛", "老王", "梅梅", "小鱼", "大熊", "豆豆", "糖糖", "阿杰", "小七"]
BILINGUAL_NAMES = ["Wei 伟", "Chen 陈", "Lin 琳", "Mei 梅", "Jun 俊", "Ming 明", "Yan 燕"]

EN_FILL = {
    "food": ["dumplings", "mapo tofu", "hotpot", "hand-pulled noodles", "bubble tea", "tacos",
             "barbecue", "pancakes", "ramen", "baozi", "fried rice", "mooncakes", "sourdough"],
    "pet": ["cat", "dog", "kitten", "puppy", "hamster", "parrot", "rabbit"],
    "place": ["night market", "park", "library", "train station", "farmers market",
              "coffee shop", "beach", "old town"],
    "thing": ["guitar", "tea set", "sketchbook", "bike", "camera", "rice cooker", "fridge"],
    "time": ["This weekend", "Last night", "Yesterday morning", "After work today"],
    "city": ["Austin", "Brooklyn", "Manchester", "Toronto", "Melbourne", "Berlin",
             "São Paulo", "Chengdu", "Shanghai", "Hong Kong"],
}  # fmt: skip
ZH_FILL = {
    "food": ["饺子", "麻婆豆腐", "火锅", "拉面", "奶茶", "烧烤", "包子", "炒饭", "月饼",
             "小笼包", "煎饼果子", "红烧肉", "凉皮"],
    "pet": ["猫咪", "小狗", "仓鼠", "鹦鹉", "橘猫", "兔子"],
    "place": ["夜市", "公园", "图书馆", "火车站", "菜市场", "咖啡馆", "海边", "老城区"],
    "thing": ["吉他", "茶具", "自行车", "相机", "毛笔", "电饭锅", "冰箱"],
    "time": ["这个周末", "昨天晚上", "今天早上", "下班以后"],
    "city": ["成都", "上海", "北京", "广州", "杭州", "西安", "香港", "纽约", "伦敦"],
}  # fmt: skip
EN_SENTENCES = [
    "{time} I tried {food} at the {place} and I can't stop thinking about it.",
    "My {pet} has decided the {thing} belongs to them now.",
    "Does anyone have a good recipe for {food}? Mine always falls apart.",
    "I'm learning Chinese and today I finally understood a joke in a meme.",
    "The translate button turned my question about {food} into poetry again.",
    "We walked through the {place} in {city}, it was packed.",
    "Honestly the best part of this forum is people sharing photos of their {pet}.",
    "Can someone explain what people mean by cat tax?",
    "I started practicing calligraphy with a cheap brush and a lot of patience.",
    "Thanks for the tips, I will try that this week.",
    "Same here! My {pet} does exactly the same thing.",
    "This thread made me hungry for {food}.",
    "How do you say {thing} in Chinese? The dictionary gives me three answers.",
    "I grew up in {city} and we always had {food} on holidays.",
    "Posting my {pet} tax as promised.",
    "Is it rude to ask someone's age here? Where I live it is a bit awkward.",
    "Weekend plan: {food}, a long walk to the {place}, and an early night.",
    "I love how patient everyone here is with beginners.",
    "Why does my teacher keep correcting my third tone?",
    "Reading The Three-Body Problem in the original, very slowly.",
    "Our neighbourhood {place} has the best {food} I have ever had.",
    "Does your {pet} also sleep on the {thing} all day?",
    "I never knew there were so many kinds of {food} until I joined.",
    "Quick question for people in {city}: is it worth visiting in winter?",
]
ZH_SENTENCES = [
    "{time}去{place}吃了{food}，太好吃了。",
    "我家{pet}最近天天睡在{thing}上面。",
    "有没有人知道{food}怎么做？我每次都做失败。",
    "最近在学英语，终于看懂了一个美国的梗。",
    "翻译按钮又把我的问题翻得很奇怪，哈哈。",
    "{time}在{city}的{place}逛了一下午，人特别多。",
    "说实话，这里最好的地方就是大家都会发{pet}的照片。",
    "谢谢大家的建议，我这周就试试。",
    "我也是！我家{pet}也是这样。",
    "看这个帖子看饿了，想吃{food}。",
    "{thing}用英语怎么说？词典给了三个答案。",
    "我在{city}长大，过年的时候家里一定有{food}。",
    "先交猫税！",
    "欢迎新朋友，有问题随时问我。",
    "周末计划：吃{food}，去{place}散步，早点睡觉。",
    "外国朋友问我为什么喜欢喝热水，我也说不清楚。",
    "这里的人都好有耐心，谢谢你们。",
    "第三声到底怎么读？老师一直纠正我。",
    "我们小区旁边的{place}有全城最好吃的{food}。",
    "你家{pet}也整天霸占{thing}吗？",
    "没想到外国朋友也这么喜欢{food}。",
    "想问一下{city}的朋友，冬天去玩合适吗？",
]
# A few members write in a third language (each post in one of them).
OTHER_SENTENCES = [
    ["¡Hola a todos! Me encanta este foro.", "¿Alguien sabe cocinar {food} en casa?"],
    ["Olá pessoal, tudo bem?", "Alguém sabe onde comprar chá verde em São Paulo?"],
    ["こんにちは！", "猫の写真をたくさん見られて嬉しいです。"],
    ["Bonjour à tous !", "Je suis très content de découvrir cette communauté."],
    ["Hallo zusammen!", "Ich lerne seit einem Jahr Chinesisch und es macht Spaß."],
]
MENTION_ASIDES = ["what do you think?", "你怎么看？", "you would love this", "你肯定喜欢"]
TAGS = ["#food", "#cats", "#猫咪", "#饺子", "#languageexchange", "#学英语", "#weekend", "#美食"]
EN_TITLES = [
    "Best {food} in {city}?", "My {pet} vs. the {thing}", "Question about {food}",
    "What does this slang mean?", "Photos from the {place}", "Help me choose a {thing}",
    "Anyone else in {city}?", "Cat tax thread", "Learning Chinese: what finally clicked",
    "{food} recipe swap", "Why is my {pet} like this", "Tips for a first trip to China",
]  # fmt: skip
ZH_TITLES = [
    "{city}哪里的{food}最好吃？", "我家{pet}和{thing}的故事", "请教一个关于{food}的问题",
    "这个梗是什么意思？", "{place}随手拍", "求推荐{thing}", "有{city}的朋友吗？",
    "猫税专楼", "学英语的小心得", "{food}做法交流", "我家{pet}为什么这样", "第一次出国的建议",
]  # fmt: skip
EN_JOBS = ["nurse", "teacher", "designer", "student", "programmer", "chef", "musician"]
ZH_JOBS = ["护士", "老师", "设计师", "学生", "程序员", "厨师", "音乐人"]
EN_HOPES = [
    "How people celebrate Spring Festival at home.",
    "Which regional cuisines I should try first.",
    "Everyday slang that textbooks never teach.",
    "What a normal weekend looks like for you.",
]
ZH_HOPES = [
    "想知道美国人平时在家吃什么。",
    "想了解英国和美国的学校是什么样的。",
    "想学一些地道的英语口语。",
    "想知道外国人周末都干嘛。",
]
# The one-tap greeting, in the welcomer's language (the site's own wordings).
GREETINGS = {
    "en": [
        "Welcome to Halfway, %(name)s! 👋",
        "Hi %(name)s, so glad you found us! Welcome to Halfway 👋",
        "Welcome aboard, %(name)s! Great to meet you here 👋",
    ],
    "zh": [
        "欢迎来到 Halfway，%(name)s！👋",
        "你好 %(name)s，很高兴你找到了这里！欢迎来到 Halfway 👋",
        "欢迎加入，%(name)s！很高兴在这里认识你 👋",
    ],
}
EN_CHAT = [
    "Hi! How was your weekend?", "Haha yes", "Did you try the {food} recipe?",
    "Send me a photo of your {pet}!", "I'll be in {city} next month", "Good night!",
    "Thanks so much 🙏", "What time is it there?", "That's so funny 😂",
    "How do you say {thing} in Chinese?", "I made {food} tonight, not bad for a first try",
    "See you tomorrow", "Wait really??", "Let's practice on Saturday?",
]  # fmt: skip
ZH_CHAT = [
    "你好！周末过得怎么样？", "哈哈哈对", "你试了那个{food}的做法吗？", "发张你家{pet}的照片吧！",
    "我下个月去{city}", "晚安！", "太感谢了🙏", "你那边现在几点？", "笑死我了😂",
    "{thing}用英语怎么说？", "今晚做了{food}，第一次做还不错", "明天见", "真的假的？？",
    "周六一起练口语？",
]  # fmt: skip
GROUP_TITLES = [
    "Cat tax 猫税群", "Dumpling club 饺子俱乐部", "Language exchange 语言交换",
    "Night owls 夜猫子", "Tea lovers 爱茶的人", "Weekend hikers 周末徒步",
    "Film club 电影群", "Chengdu food 成都美食", "Study buddies 学习小组", "Music 音乐分享",
]  # fmt: skip
