"""Draw Halfway's app icons (the mark in static/img/halfway.svg) into public/ for the web app
manifest: `.venv/bin/python scripts/draw_app_icons.py`."""

from PIL import Image, ImageDraw

RED, WHITE, PEACH = (200, 55, 61, 255), (255, 255, 255, 255), (255, 216, 194, 255)


def icon(size: int, maskable: bool) -> Image.Image:
    scale = 4  # drawn large, then scaled down: smooth edges
    side = size * scale
    image = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:  # full bleed: the platform cuts its own shape; the mark sits in the safe zone
        draw.rectangle((0, 0, side, side), fill=RED)
        unit = side * 0.8 / 32
        offset = side * 0.1
    else:
        draw.rounded_rectangle((0, 0, side - 1, side - 1), radius=side * 9 / 32, fill=RED)
        unit = side / 32
        offset = 0
    for cx, colour in ((11, WHITE), (21, PEACH)):
        r, w = 6.5 * unit, 2.6 * unit
        x, y = offset + cx * unit, offset + 16 * unit
        draw.ellipse(
            (x - r - w / 2, y - r - w / 2, x + r + w / 2, y + r + w / 2),
            outline=colour,
            width=round(w),
        )
    return image.resize((size, size), Image.LANCZOS)


icon(192, False).save("public/icon-192.png", optimize=True)
icon(512, False).save("public/icon-512.png", optimize=True)
icon(512, True).save("public/icon-maskable-512.png", optimize=True)
