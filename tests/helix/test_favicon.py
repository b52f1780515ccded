"""Every page names the site icon, and ``/favicon.ico`` answers (no 404 on every visit)."""

import io
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from PIL import Image

from django.conf import settings
from django.contrib.staticfiles import finders

from helix import icons

pytestmark = pytest.mark.django_db


def static_file(href: str) -> str:
    path = urlsplit(href).path
    assert path.startswith(settings.STATIC_URL), href
    found = finders.find(path.removeprefix(settings.STATIC_URL))
    assert found, f"{href} is not a static file"
    return found


def test_favicon_ico_answers_with_an_icon_of_the_usual_sizes(client, home):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert "max-age" in response["Cache-Control"]
    icon = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert icon.format == "ICO"
    assert set(icon.info["sizes"]) == {(16, 16), (32, 32), (48, 48)}


@pytest.mark.parametrize("url", ["/", "/no-such-page/", "/sources/"])
def test_every_page_links_the_svg_icon_a_png_fallback_and_a_touch_icon(client, home, parse, url):
    head = parse(client.get(url)).head
    links = {
        (" ".join(link["rel"]), link.get("type", "")): link
        for link in head.find_all("link", rel=["icon", "apple-touch-icon"])
    }
    assert set(links) == {
        ("icon", ""),
        ("icon", "image/svg+xml"),
        ("icon", "image/png"),
        ("apple-touch-icon", ""),
    }
    assert links[("icon", "")]["href"] == "/favicon.ico"

    svg = ElementTree.parse(static_file(links[("icon", "image/svg+xml")]["href"])).getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.get("viewBox") == "0 0 64 64"
    png = Image.open(static_file(links[("icon", "image/png")]["href"]))
    assert (png.format, png.size) == ("PNG", (32, 32))
    assert links[("icon", "image/png")]["sizes"] == "32x32"
    touch = Image.open(static_file(links[("apple-touch-icon", "")]["href"]))
    assert (touch.format, touch.size, touch.mode) == ("PNG", (180, 180), "RGB")


def test_the_icon_files_are_what_the_drawing_code_writes(tmp_path):
    """The committed files come from helix/icons.py (run it after changing the drawing)."""
    written = {path.name: path for path in icons.write_icons(tmp_path)}
    committed = icons.ICON_DIR
    assert (committed / "favicon.svg").read_text() == written["favicon.svg"].read_text()
    for name in ("favicon-32.png", "apple-touch-icon.png", "favicon.ico"):
        ours, theirs = Image.open(committed / name), Image.open(written[name])
        assert (ours.format, ours.size) == (theirs.format, theirs.size), name
