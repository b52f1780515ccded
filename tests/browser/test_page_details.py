"""What a reader sees of small page details in a real browser: avatars, the tab's icon."""

import pytest

from comments.factories import CommentFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Wide initials, a long name, a staff reply (another colour) and a single letter.
NAMES = ["Wolfgang Mozart", "María Wróblewska-Müller", "W", "Mmm Www"]


@pytest.fixture
def article_with_comments(home):
    from articles.factories import ArticleIndexPageFactory, ArticlePageFactory

    index = ArticleIndexPageFactory(parent=home, show_in_menus=True, revision=True)
    article = ArticlePageFactory(parent=index, title="Avatars")
    first = None
    for name in NAMES:
        comment = CommentFactory(page=article, name=name)
        first = first or comment
    CommentFactory(page=article, parent=first, depth=1, name="Helix Staff", is_staff_reply=True)
    return article


def test_comment_avatar_initials_fit_inside_their_circle(
    page, live_server, article_with_comments, tmp_path
):
    page.goto(live_server.url + article_with_comments.url)
    avatars = page.locator(".comment__avatar")
    avatars.first.wait_for()
    assert avatars.count() == len(NAMES) + 1
    page.locator(".comments").screenshot(path=str(tmp_path / "avatars.png"))
    for n in range(avatars.count()):
        avatar = avatars.nth(n)
        box = avatar.bounding_box()
        assert box["width"] == pytest.approx(box["height"], abs=0.5), "a circle, not an oval"
        # The initials' own box (a Range around the text) lies inside the circle.
        text = avatar.evaluate(
            """element => {
                const range = document.createRange();
                range.selectNodeContents(element);
                const r = range.getBoundingClientRect();
                return {x: r.x, y: r.y, width: r.width, height: r.height};
            }"""
        )
        label = avatar.inner_text()
        radius = box["width"] / 2
        centre = (box["x"] + radius, box["y"] + radius)
        corners = [
            (text["x"], text["y"]),
            (text["x"] + text["width"], text["y"]),
            (text["x"], text["y"] + text["height"]),
            (text["x"] + text["width"], text["y"] + text["height"]),
        ]
        for x, y in corners:
            distance = ((x - centre[0]) ** 2 + (y - centre[1]) ** 2) ** 0.5
            assert distance <= radius + 0.5, f"{label!r} overflows its circle ({box}, {text})"


def test_the_browser_finds_every_icon_the_page_names(page, live_server, home):
    page.goto(live_server.url + "/")
    answers = page.evaluate(
        """async () => Promise.all(
            [...document.querySelectorAll('link[rel~="icon"], link[rel="apple-touch-icon"]')]
            .map(async link => {
                const response = await fetch(link.href);
                return [link.getAttribute("href"), response.status,
                        response.headers.get("content-type")];
            }))"""
    )
    assert len(answers) == 4
    for href, status, content_type in answers:
        assert status == 200, href
        assert content_type.startswith("image/"), (href, content_type)
