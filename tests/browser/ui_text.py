"""Find interface text a Chinese reader would see in English."""

import re

from django.utils import translation

# Words that are the same in both interfaces: the brand, the language switcher and the
# languages named in their own language, file formats, and "Email", which Chinese
# interfaces (allauth's catalog among them) write as is.
SHARED_WORDS = {
    "Halfway",
    "EN",
    "English",
    "Email",
    "JPEG",
    "PNG",
    "GIF",
    "WebP",
    "Markdown",
    "Atom",  # the feed format
    "IP",
    "MB",
    "DeepL",
    "Shift",  # the key, as printed on Chinese keyboards too
}

VISIBLE_TEXT = """
() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const element = node.parentElement;
    // Member-written content is translation's job, not the interface's.
    // Member-written text (data-content) and names (translate="no") are not the interface's.
    const skip = "[hx-disable], [translate=no], [data-content], script, style";
    if (!element || element.closest(skip)) continue;
    const style = getComputedStyle(element);
    if (style.display === "none" || style.visibility === "hidden") continue;
    if (node.textContent.trim()) texts.push(node.textContent.trim());
  }
  // In the body: the head's <link title> names a feed for feed readers, not the page.
  const labelled = "body input[placeholder], body [aria-label], body img[alt], body [title]";
  for (const element of document.querySelectorAll(labelled)) {
    for (const name of ["placeholder", "aria-label", "alt", "title"]) {
      const value = element.getAttribute(name);
      if (value) texts.push(value);
    }
  }
  return texts;
}
"""


def english_words_in_interface(page) -> list[str]:
    """Return the English words left in the page's interface (empty when fully Chinese)."""
    words = []
    for text in page.evaluate(VISIBLE_TEXT):
        text = re.sub(r"\S+@\S+", "", text)  # a member's email address is theirs, not ours
        for word in re.findall(r"[A-Za-z][A-Za-z'’]{2,}", text):
            if word not in SHARED_WORDS:
                words.append(f"{word} (in {text[:60]!r})")
    return words


def t(text: str, language: str = "en", context: str | None = None) -> str:
    """The catalog's wording of `text` in `language` (Halfway's catalog, then allauth's)."""
    with translation.override(language):
        if context:
            return translation.pgettext(context, text)
        return translation.gettext(text)
