"""Click-to-text latency of the Translate button, in Chromium, against the real site processes
(uvicorn + a Celery worker) with the DeepL fake answering in 100 ms.

Cold: the first click on each of 40 posts (cache miss: web → broker → worker → DeepL fake →
channel layer → socket → swapped in place). Warm: a second reader's click on the same posts
(from the cache, in the htmx answer). Run it in either mode:

    .venv/bin/python -m pytest bench/browser_translate_latency.py -p tests.browser.conftest -n0 -s
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/halfway REDIS_URL=redis://127.0.0.1:6379/0 \\
      .venv/bin/python -m pytest bench/browser_translate_latency.py -p tests.browser.conftest -n0 -s
"""

import os
import statistics

from tests.browser.steps import log_in, open_thread

POSTS = 20  # one page of a thread
THREADS = 2

SEED = """
from accounts.models import Member
from forum import services
from forum.models import Category
author = Member.objects.get(username="bench_zh")
category = Category.objects.get(slug="food")
for number in range({threads}):
    thread = services.start_thread(
        author=author, category=category, title=f"测速帖子 {{number}}",
        body=f"第 {{number}} 个帖子：我们来测一下翻译有多快。", region_code="CN",
    )
    for reply in range({posts} - 1):
        services.add_reply(
            author=author, thread=thread, region_code="CN",
            body=f"第 {{number}}-{{reply}} 条回复：今天天气很好，我们去公园散步了。",
        )
"""

# Click one Translate button and resolve with the milliseconds until its text is in place.
CLICK_AND_TIME = """
([postId]) => new Promise((resolve) => {
  const blockId = postId + "-translation";
  const started = performance.now();
  const done = () => {
    const block = document.getElementById(blockId);
    return block && block.dataset.translationState === "done";
  };
  const observer = new MutationObserver(() => {
    if (done()) { observer.disconnect(); resolve(performance.now() - started); }
  });
  observer.observe(document.body, {subtree: true, childList: true, attributes: true});
  document.querySelector("#" + postId + " .translate-button").click();
})
"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(page, thread_titles) -> list[float]:
    timings = []
    for title in thread_titles:
        open_thread(page, title)
        page.wait_for_selector("body[data-realtime=open]")
        for number in range(1, POSTS + 1):
            timings.append(page.evaluate(CLICK_AND_TIME, [f"post-{number}"]))
    return timings


def test_click_to_text_latency(open_page, live_site, deepl_server):
    live_site.create_member("bench_zh", language="zh-hans", display_name="测速")
    live_site.create_member("bench_en_1", display_name="Reader one")
    live_site.create_member("bench_en_2", display_name="Reader two")
    live_site.run_python(SEED.format(threads=THREADS, posts=POSTS))
    deepl_server.behaviour.delay_seconds = 0.1
    titles = [f"测速帖子 {number}" for number in range(THREADS)]

    first = open_page()
    log_in(first, "bench_en_1")
    cold = measure(first, titles)
    second = open_page()
    log_in(second, "bench_en_2")
    warm = measure(second, titles)

    mode = "PostgreSQL + Redis" if os.environ.get("REDIS_URL") else "embedded (SQLite)"
    for name, timings in (("cold (worker + DeepL fake)", cold), ("warm (cache)", warm)):
        print(
            f"\n{mode}, {name}: n={len(timings)} p50={percentile(timings, 0.5):.0f} ms "
            f"p95={percentile(timings, 0.95):.0f} ms max={max(timings):.0f} ms "
            f"mean={statistics.mean(timings):.0f} ms"
        )
    assert len(deepl_server.translate_requests) == THREADS * POSTS  # one call per post, ever
    assert percentile(cold, 0.95) < 3000
