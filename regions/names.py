"""Country names behind region tags, in English and Simplified Chinese, keyed by ISO 3166-1 code.

The names are CLDR's, through Babel (already installed for the catalogs), so they stay current
without a list of our own. A tag is short, so where CLDR's standard name is long or differs
from what members read on the apps they came from, the short form below is shown instead.
"""

import functools

from babel import Locale

# CLDR's code for an unknown region: private, loopback and unlisted addresses.
UNKNOWN_REGION = "ZZ"

SHORT_NAMES = {
    "en": {
        "CD": "DR Congo",
        "CG": "Republic of the Congo",
        "HK": "Hong Kong",
        "MM": "Myanmar",
        "MO": "Macao",
        "PS": "Palestine",
        "ZZ": "Unknown",
    },
    "zh_Hans": {
        "AE": "阿联酋",
        "BA": "波黑",
        "CF": "中非",
        "DO": "多米尼加",
        "HK": "中国香港",
        "MO": "中国澳门",
        "PS": "巴勒斯坦",
        "TW": "中国台湾",
        "ZZ": "未知",
    },
}


@functools.cache
def _names(locale: str) -> dict[str, str]:
    territories = Locale.parse(locale).territories
    names = {code: name for code, name in territories.items() if len(code) == 2}
    return names | SHORT_NAMES[locale]


def country_name(code: str | None, language: str) -> str | None:
    """Return the country's name in `language`; None for an unknown or empty code.

    "zh-hans", or anything starting "zh", gives Chinese; any other language gives English.
    """
    locale = "zh_Hans" if (language or "").lower().startswith("zh") else "en"
    return _names(locale).get((code or "").upper())
