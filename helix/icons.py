"""The site icon (a double helix on the accent blue), drawn by code in SVG and PNG/ICO.

The files in ``helix/static/helix/icons/`` come from here; after changing the
drawing, write them again with ``.venv/bin/python -m helix.icons``. One set of
points feeds both the SVG and the raster drawing, so every size shows the same
mark. Pillow (a Wagtail dependency) draws the rasters; nothing is downloaded.
"""

import math
from pathlib import Path

ICON_DIR = Path(__file__).parent / "static" / "helix" / "icons"
GRID = 64  # the drawing's own units: a 64 x 64 square
BACKGROUND = "#0b5c8a"  # --accent in helix.css
STRAND = "#ffffff"
RUNG = "#9ed6f5"
CORNER_RADIUS = 14
STRAND_WIDTH = 6
RUNG_WIDTH = 4
RUNGS = (0.1, 0.4, 0.6, 0.9)
#: ICO sizes browsers ask for (tab, taskbar, shortcut), the PNG fallback, the touch icon.
ICO_SIZES = (16, 32, 48)
PNG_SIZE = 32
TOUCH_SIZE = 180


def strand(phase: float, t: float) -> tuple[float, float]:
    """A point of one strand at ``t`` (0 top, 1 bottom): one full turn over the height."""
    y = 10 + 44 * t
    x = 32 + 14 * math.cos(2 * math.pi * t + phase)
    return round(x, 2), round(y, 2)


def strand_points(phase: float, steps: int = 48) -> list[tuple[float, float]]:
    return [strand(phase, n / steps) for n in range(steps + 1)]


def rungs() -> list[tuple[tuple[float, float], tuple[float, float]]]:
    return [(strand(0, t), strand(math.pi, t)) for t in RUNGS]


def svg() -> str:
    def points(phase: float) -> str:
        return " ".join(f"{x:g},{y:g}" for x, y in strand_points(phase))

    lines = "".join(
        f'<line x1="{a[0]:g}" y1="{a[1]:g}" x2="{b[0]:g}" y2="{b[1]:g}"/>' for a, b in rungs()
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {GRID} {GRID}">'
        "<title>Helix</title>"
        f'<rect width="{GRID}" height="{GRID}" rx="{CORNER_RADIUS}" fill="{BACKGROUND}"/>'
        f'<g stroke="{RUNG}" stroke-width="{RUNG_WIDTH}" stroke-linecap="round">{lines}</g>'
        f'<g fill="none" stroke="{STRAND}" stroke-width="{STRAND_WIDTH}" '
        'stroke-linecap="round" stroke-linejoin="round">'
        f'<polyline points="{points(0)}"/><polyline points="{points(math.pi)}"/></g>'
        "</svg>\n"
    )


def draw(size: int, *, rounded: bool = True):
    """The icon as a ``size`` x ``size`` RGBA image (drawn 8x larger, then reduced: smooth)."""
    from PIL import Image, ImageDraw

    scale = size * 8 / GRID
    big = Image.new("RGBA", (size * 8, size * 8), (0, 0, 0, 0))
    pen = ImageDraw.Draw(big)
    radius = CORNER_RADIUS * scale if rounded else 0
    pen.rounded_rectangle((0, 0, size * 8 - 1, size * 8 - 1), radius=radius, fill=BACKGROUND)

    def scaled(point):
        return point[0] * scale, point[1] * scale

    def line(points, colour, width):
        width = round(width * scale)
        pen.line([scaled(p) for p in points], fill=colour, width=width, joint="curve")
        for end in (points[0], points[-1]):  # round caps, as in the SVG
            x, y = scaled(end)
            pen.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=colour)

    for a, b in rungs():
        line([a, b], RUNG, RUNG_WIDTH)
    for phase in (0, math.pi):
        line(strand_points(phase), STRAND, STRAND_WIDTH)
    return big.resize((size, size), Image.Resampling.LANCZOS)


def write_icons(directory: Path = ICON_DIR) -> list[Path]:
    """Write favicon.svg, favicon.ico, favicon-32.png and apple-touch-icon.png."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    path = directory / "favicon.svg"
    path.write_text(svg(), encoding="utf-8")
    written.append(path)
    largest = draw(256)  # Pillow reduces it to each of ICO_SIZES
    path = directory / "favicon.ico"
    largest.save(path, format="ICO", sizes=[(s, s) for s in ICO_SIZES])
    written.append(path)
    path = directory / f"favicon-{PNG_SIZE}.png"
    draw(PNG_SIZE).save(path, format="PNG", optimize=True)
    written.append(path)
    # iOS rounds the corners itself and shows transparency as black: a full square.
    path = directory / "apple-touch-icon.png"
    draw(TOUCH_SIZE, rounded=False).convert("RGB").save(path, format="PNG", optimize=True)
    written.append(path)
    return written


if __name__ == "__main__":
    for written in write_icons():
        print(written)
