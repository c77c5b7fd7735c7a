"""Every "how long ago" on the site comes from the ages filter, so Chinese reads one style
("43秒前", "2天前") and English one too: humanize's naturaltime and Django's timesince mix
"43秒之前" with "2 日，4 小时前"."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MIXED_STYLES = re.compile(r"\b(naturaltime|timesince|timeuntil)\b")


def test_no_template_or_module_of_the_site_uses_djangos_relative_times():
    apps = [path.parent for path in ROOT.glob("*/apps.py")]
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in [*apps, ROOT / "templates"]
        for path in folder.rglob("*")
        if path.suffix in {".html", ".py"}
        and "migrations" not in path.parts
        and path.name != "ages.py"  # which says why it replaces them
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if MIXED_STYLES.search(line)
    ]
    assert found == []
