"""Which language a member wrote in, decided once at save time and stored with the text."""

import re
from dataclasses import dataclass
from functools import lru_cache

from lingua import Language, LanguageDetectorBuilder

# The languages members list in their profiles (settings.MEMBER_LANGUAGES), as lingua knows them.
LINGUA_TO_CODE = {
    Language.ENGLISH: "en",
    Language.CHINESE: "zh",
    Language.SPANISH: "es",
    Language.PORTUGUESE: "pt",
    Language.FRENCH: "fr",
    Language.GERMAN: "de",
    Language.JAPANESE: "ja",
    Language.KOREAN: "ko",
}
# Below this confidence the language is stored as unknown and the translator decides.
MIN_CONFIDENCE = 0.5
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
MARKUP = re.compile(r"`[^`]*`|https?://\S+|@[\w.-]+|#\w+")


@dataclass(frozen=True)
class DetectedLanguage:
    code: str  # "" when unsure
    is_mixed: bool  # a real share of both Chinese characters and Latin words


@lru_cache(maxsize=1)
def _detector():
    """The detector, its models loaded (0.4 s and about 200 MB, outside Python's heap): built
    once per process, by the web role's master before it forks (deploy/gunicorn.conf.py), so
    its workers share one copy and none makes its first writer wait."""
    return (
        LanguageDetectorBuilder.from_languages(*LINGUA_TO_CODE)
        .with_minimum_relative_distance(0.1)
        .with_preloaded_language_models()
        .build()
    )


def load_models() -> None:
    _detector()


def detect_language(text: str) -> DetectedLanguage:
    """Detect the language of member-written Markdown (code, links and @names left out)."""
    prose = MARKUP.sub(" ", text or "")
    han = len(HAN.findall(prose))
    latin_words = len(LATIN_WORD.findall(prose))
    # Two Chinese characters carry about as much as one English word.
    is_mixed = (
        han >= 4
        and latin_words >= 3
        and min(han / 2, latin_words) / max(han / 2, latin_words) > 0.25
    )
    if not prose.strip():
        return DetectedLanguage(code="", is_mixed=False)
    confidences = _detector().compute_language_confidence_values(prose)
    best = confidences[0] if confidences else None
    if best is None or best.value < MIN_CONFIDENCE:
        return DetectedLanguage(code="", is_mixed=is_mixed)
    return DetectedLanguage(code=LINGUA_TO_CODE[best.language], is_mixed=is_mixed)
