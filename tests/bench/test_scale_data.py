"""``generate_scale_data``: bulk-made pages are as sound as pages made through Wagtail.

One small run per test module (the module-scoped database is not available to
pytest-django, so each test builds its own few dozen rows; the whole file stays
well under 20 s).
"""

import copy
from io import StringIO

import feedparser
import pytest
from treebeard.exceptions import PathOverflow

from django.core.management import call_command
from django.db import transaction

from taggit.models import Tag
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from articles.factories import ArticlePageFactory
from articles.models import ArticleIndexPage, ArticlePage, ArticleTag
from bench.bulk import path_step, step_number
from bench.scale_data import ScaleData, Sizes
from comments.models import Comment, Status
from sources.citing import number_citations
from sources.formatting import references_in_every_style
from sources.models import Citation, Source
from therapies.models import TherapyPage

pytestmark = pytest.mark.django_db

SIZES = {"articles": 30, "therapies": 6, "sources": 25, "comments": 200}


def generate(seed: int = 1, **sizes) -> str:
    out = StringIO()
    options = {**SIZES, **sizes}
    call_command(
        "generate_scale_data",
        *(f"--{name}={value}" for name, value in options.items()),
        f"--seed={seed}",
        "--batch-size=8",
        stdout=out,
    )
    return out.getvalue()


@pytest.fixture
def generated(home):
    output = generate()
    return output


def assert_tree_is_sound() -> None:
    assert Page.find_problems() == ([], [], [], [], [])
    for parent in Page.objects.filter(numchild__gt=0):
        assert parent.numchild == parent.get_children().count()
    for page in Page.objects.filter(depth__gt=2).specific():
        assert page.url_path == f"{page.get_parent().url_path}{page.slug}/"


def test_counts_match_the_options_and_the_tree_is_sound(generated):
    assert ArticlePage.objects.count() == SIZES["articles"]
    assert TherapyPage.objects.count() == SIZES["therapies"]
    assert Source.objects.count() == SIZES["sources"]
    assert Comment.objects.count() == SIZES["comments"]
    assert_tree_is_sound()
    assert "Scale data is ready." in generated
    assert "Timings:" in generated


def test_path_steps_are_treebeards_base_36():
    assert [path_step(n) for n in (1, 9, 10, 35, 36, 36**4 - 1)] == [
        "0001",
        "0009",
        "000A",
        "000Z",
        "0010",
        "ZZZZ",
    ]
    assert all(step_number(path_step(n)) == n for n in range(0, 36**4, 997))
    with pytest.raises(PathOverflow):
        path_step(36**4)


def test_a_page_added_through_wagtail_takes_the_next_place(generated):
    index = ArticleIndexPage.objects.get()
    last = index.get_children().order_by("-path").first()
    added = ArticlePageFactory(parent=index, title="Added by an editor")  # treebeard's add_child
    assert added.path == index.path + path_step(step_number(last.path[-Page.steplen :]) + 1)
    assert_tree_is_sound()


def test_articles_and_therapies_are_served_at_their_urls(generated, client, parse):
    article = ArticlePage.objects.order_by("pk").first()
    response = client.get(article.url)
    assert response.status_code == 200
    assert parse(response).find("h1").get_text(strip=True) == article.title
    therapy = TherapyPage.objects.order_by("pk").first()
    assert client.get(therapy.url).status_code == 200


def test_citations_are_numbered_as_wagtail_would_and_render_in_the_references(
    generated, client, parse
):
    article = (
        ArticlePage.objects.filter(source_citations__isnull=False).order_by("pk").distinct().first()
    )
    stored = copy.deepcopy(article.body.get_prep_value())
    number_citations(article)
    assert article.body.get_prep_value() == stored
    cited = list(Citation.objects.filter(page=article).order_by("number"))
    assert [c.number for c in cited] == list(range(1, len(cited) + 1))
    items = parse(client.get(article.url)).select("ol.references__list > li")
    assert [int(li["value"]) for li in items] == [c.number for c in cited]


def test_sources_are_stored_with_their_formatted_references(generated):
    """What readers are shown is stored, as a save would store it: no render formats one."""
    for source in Source.objects.prefetch_related("authors"):
        assert source.formatted_references == references_in_every_style(source)
        assert source.author_list[0].family in source.formatted_references["vancouver"]


def test_listings_feeds_and_tag_pages_show_generated_articles(generated, client, parse):
    newest = ArticlePage.objects.published().first()
    index = ArticleIndexPage.objects.get()
    titles = [
        a.get_text(strip=True) for a in parse(client.get(index.url)).select("main h2 a, main h3 a")
    ]
    assert newest.title in titles
    feed = feedparser.parse(client.get("/feeds/articles.rss").content)
    assert feed.entries[0].title == newest.title
    tag = Tag.objects.get(pk=ArticleTag.objects.filter(content_object=newest).first().tag_id)
    response = client.get(f"/tags/{tag.slug}/")
    assert response.status_code == 200
    assert client.get(f"/feeds/tags/{tag.slug}.rss").status_code == 200


def test_generated_pages_are_in_the_search_index(generated, client):
    article = ArticlePage.objects.order_by("pk").first()
    found = get_search_backend().search(article.standfirst, ArticlePage, operator="and")
    assert article.pk in [page.pk for page in found]
    therapy = TherapyPage.objects.order_by("pk").first()
    found = get_search_backend().search(therapy.title, TherapyPage, operator="and")
    assert therapy.pk in [page.pk for page in found]
    assert client.get("/search/", {"q": article.title}).status_code == 200


def test_generated_pages_are_found_by_the_words_of_their_bodies(generated):
    """The index holds what Wagtail's own indexer takes from a body (rich text, headings)."""
    article = ArticlePage.objects.order_by("pk").first()
    heading = next(block.value["text"] for block in article.body if block.block_type == "heading")
    found = get_search_backend().search(heading, ArticlePage, operator="and")
    assert article.pk in [page.pk for page in found]


def test_comments_are_threaded_with_a_realistic_mix_of_statuses(generated):
    statuses = Comment.objects.status_counts()
    assert statuses[Status.APPROVED] > SIZES["comments"] * 0.7
    assert statuses[Status.PENDING] > 0
    replies = Comment.objects.filter(parent__isnull=False).select_related("parent")
    assert replies.exists()
    for reply in replies:
        assert reply.page_id == reply.parent.page_id
        assert reply.depth == reply.parent.depth + 1
        assert reply.parent.status == Status.APPROVED


def test_admin_edit_view_opens_a_generated_article(generated, client, django_user_model):
    admin = django_user_model.objects.create_superuser("scale", "scale@example.com", "x")
    client.force_login(admin)
    article = ArticlePage.objects.order_by("pk").first()
    assert client.get(f"/admin/pages/{article.pk}/edit/").status_code == 200
    assert client.get("/admin/comments/?status=pending").status_code == 200


def test_running_again_adds_more_without_breaking_the_tree(generated, client):
    generate()
    assert ArticlePage.objects.count() == 2 * SIZES["articles"]
    assert Comment.objects.count() == 2 * SIZES["comments"]
    assert_tree_is_sound()
    index = ArticleIndexPage.objects.get()
    slugs = list(index.get_children().values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs))
    assert client.get(ArticlePage.objects.order_by("-pk").first().url).status_code == 200


def test_the_same_seed_on_the_same_database_gives_the_same_data(home):
    def titles() -> list[str]:
        return list(ArticlePage.objects.order_by("path").values_list("title", flat=True))

    class Undo(Exception):
        pass

    runs = []
    for _ in range(2):
        try:
            with transaction.atomic():
                ScaleData(Sizes(articles=10, therapies=2, sources=5, comments=20, seed=7)).run()
                runs.append(titles())
                raise Undo
        except Undo:
            pass
    assert runs[0] == runs[1] and len(runs[0]) == 10


def test_a_failure_leaves_nothing_half_made(home, monkeypatch):
    pages = Page.objects.count()

    def fail(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ScaleData, "comments", fail)
    with pytest.raises(RuntimeError):
        generate()
    assert Page.objects.count() == pages
    assert not Source.objects.exists()
    assert not ArticlePage.objects.exists()
