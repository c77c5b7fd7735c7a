"""The stylesheet's colours are two palettes of custom properties (static/css/halfway.css): the
light one in :root, the dark one for a device that asks for dark (unless the member chose
light) and for a member who chose dark. Read as text: no browser needed."""

import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "halfway.css"
LIGHT = re.compile(r"(?m)^:root\s*\{(?P<body>[^}]*)\}")
DARK_BY_DEVICE = re.compile(
    r"@media \(prefers-color-scheme: dark\)\s*\{\s*"
    r':root:not\(\[data-theme="light"\]\)\s*\{(?P<body>[^}]*)\}\s*\}'
)
DARK_BY_CHOICE = re.compile(r':root\[data-theme="dark"\]\s*\{(?P<body>[^}]*)\}')
COLOUR = re.compile(
    r"#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\(|"
    r"(?<![-\w])(?:white|black|gr[ae]y|silver|red|green|blue|yellow|orange|purple|pink)(?![-\w])",
    re.IGNORECASE,
)

# Text and what it is written on, wherever the stylesheet puts the one on the other: WCAG AA
# asks 4.5:1 for text, in each palette.
TEXT_ON = [
    ("ink", "paper"), ("ink", "card"), ("ink", "field"), ("ink", "bubble"), ("ink", "red-soft"),
    ("ink", "info-soft"), ("ink", "mark"), ("ink", "peach"), ("ink-soft", "paper"),
    ("ink-soft", "card"), ("ink-soft", "field"), ("ink-soft", "tag"), ("ink-soft", "bubble"),
    ("ink-soft", "red-soft"), ("red-dark", "paper"), ("red-dark", "card"),
    ("red-dark", "red-soft"), ("link-hover", "paper"), ("link-hover", "card"),
    ("red-text", "red-soft"), ("green", "card"), ("green-text", "green-soft"),
    ("amber-text", "amber-soft"), ("error", "card"), ("error", "error-field"),
    ("on-red", "red"), ("on-red", "red-hover"), ("on-ink", "ink"), ("on-hue", "hue-0"),
    ("on-hue", "hue-1"), ("on-hue", "hue-2"), ("on-hue", "hue-3"), ("on-hue", "hue-4"),
    ("on-hue", "hue-5"),
]  # fmt: skip
# The focus ring and the edges of fields against the surfaces they are drawn on: 3:1 (WCAG
# 1.4.11).
RING_ON = [
    ("focus", "paper"),
    ("focus", "card"),
    ("focus", "field"),
    ("field-line", "field"),
    ("field-line", "paper"),
    ("field-line", "card"),
]


def stylesheet() -> str:
    return re.sub(r"/\*.*?\*/", "", CSS.read_text(), flags=re.DOTALL)


def declarations(body: str) -> dict[str, str]:
    found = {}
    for declaration in body.split(";"):
        name, _colon, value = declaration.partition(":")
        if name.strip():
            found[name.strip()] = " ".join(value.split())
    return found


def palettes() -> dict[str, dict[str, str]]:
    css = stylesheet()
    light = declarations(LIGHT.search(css)["body"])
    dark = {**light, **declarations(DARK_BY_CHOICE.search(css)["body"])}
    return {"light": light, "dark": dark}


def luminance(hex_colour: str) -> float:
    digits = hex_colour.lstrip("#")
    assert len(digits) == 6, f"{hex_colour}: write text and surface colours as #rrggbb"
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_no_colour_is_written_outside_the_palettes():
    css = stylesheet()
    for block in (LIGHT, DARK_BY_DEVICE, DARK_BY_CHOICE):
        css = block.sub("", css, count=1)
    stray = [line.strip() for line in css.splitlines() if COLOUR.search(line)]
    assert stray == [], "colours belong in the palettes, as custom properties"


def test_the_two_copies_of_the_dark_palette_are_the_same():
    css = stylesheet()
    by_device = declarations(DARK_BY_DEVICE.search(css)["body"])
    by_choice = declarations(DARK_BY_CHOICE.search(css)["body"])
    assert by_device == by_choice
    assert by_choice["color-scheme"] == "dark"
    light = declarations(LIGHT.search(css)["body"])
    assert light["color-scheme"] == "light"
    assert set(by_choice) - set(light) == set(), "the dark palette changes colours light has"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_text_meets_wcag_aa_in_both_palettes(theme):
    colours = palettes()[theme]
    low = [
        f"--{text} on --{surface}: {ratio:.2f}"
        for text, surface in TEXT_ON
        if (ratio := contrast(colours[f"--{text}"], colours[f"--{surface}"])) < 4.5
    ]
    low += [
        f"--{ring} on --{surface}: {ratio:.2f}"
        for ring, surface in RING_ON
        if (ratio := contrast(colours[f"--{ring}"], colours[f"--{surface}"])) < 3
    ]
    assert low == []
