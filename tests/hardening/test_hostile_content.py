"""Hostile strings typed by readers and editors, rendered wherever the site shows them.

Comments are posted through the real view (signed token issued a minute ago,
so the 3-second minimum is met; a different address and e-mail per post, so
the flood limits do not refuse them), approved, then the page is rendered.
Editor text (titles, standfirsts, rich text, tags, source fields) is saved
through the models, then rendered on its page, listings, tag pages, feeds,
search results, the API and the admin listings. A slice of the corpus (one of
each kind plus every tenth string) keeps the whole file well under a minute.
"""

import time
from urllib.parse import quote

import pytest

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import escape

from taggit.utils import parse_tags

from articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from comments.forms import make_token
from comments.models import BODY_MAX_LENGTH, Comment, Status
from sources.models import Source, SourceAuthor
from tests.hardening.checks import assert_well_formed_and_inert, failures_over_corpus
from tests.hardening.hostile import HOSTILE, HOSTILE_SAMPLE
from therapies.factories import TherapyIndexPageFactory, TherapyPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # the hostile corpus

SLICE = list(dict.fromkeys([*HOSTILE_SAMPLE, *HOSTILE[::10], max(HOSTILE, key=len)]))


def typed_tags(hostile: str) -> list[str]:
    """Tags as an editor types them: through taggit's parser, as the admin form does."""
    return parse_tags(hostile[:100]) or ["blank"]


def paragraph(text: str) -> list[dict]:
    """Rich text as Draftail stores what an editor typed: the text escaped, in a paragraph."""
    return [{"type": "paragraph", "value": f"<p>{escape(text)}</p>"}]


@pytest.fixture
def article_index(home):
    return ArticleIndexPageFactory(parent=home)


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("hardening", "h@helix.example", "pw")
    client.force_login(user)
    return client


def test_hostile_comments_posted_through_the_form_render_inert(client, article_index, parse):
    article = ArticlePageFactory(parent=article_index, title="Open for comments")
    acknowledged = 0
    for number, hostile in enumerate(SLICE):
        response = client.post(
            reverse("comments:post", args=[article.pk]),
            {
                "name": hostile[:100] or "x",
                "email": f"reader{number}@example.com",
                "url": "",
                "body": hostile,
                "parent": "",
                "token": make_token(article, issued_at=time.time() - 60),
                "contact_number": "",
            },
            REMOTE_ADDR=f"198.51.100.{number % 250 + 1}",
        )
        # 413: larger than the form can need (a 100,000-character body), refused unread.
        assert response.status_code in {302, 400, 413}, (hostile[:80], response.status_code)
        assert response.status_code != 413 or len(hostile) > BODY_MAX_LENGTH
        acknowledged += response.status_code == 302
        if response.status_code == 400:
            assert_well_formed_and_inert(response, hostile)
    assert acknowledged >= len(SLICE) - 3, "only empty-after-cleaning or overlong bodies refused"
    assert Comment.objects.count() == acknowledged
    Comment.objects.update(status=Status.APPROVED)

    response = client.get(article.url)
    assert_well_formed_and_inert(response)
    shown = parse(response).select("[id^=comment-]")
    assert len(shown) >= acknowledged


def hostile_article(index, hostile: str, number: int):
    return ArticlePageFactory(
        parent=index,
        title=hostile[:255].strip() or "blank",
        slug=f"hostile-{number}",
        standfirst=hostile,
        body=paragraph(hostile),
        tags=typed_tags(hostile),
    )


def test_hostile_article_text_renders_inert_everywhere(client, admin_client, article_index):
    articles = {
        hostile: hostile_article(article_index, hostile, n) for n, hostile in enumerate(SLICE)
    }

    def on_its_pages(hostile):
        article = articles[hostile]
        assert_well_formed_and_inert(client.get(article.url), hostile)
        for tag in article.tags.all():
            assert_well_formed_and_inert(client.get(f"/tags/{quote(tag.slug)}/"), hostile)
            feed = client.get(f"/feeds/tags/{quote(tag.slug)}.atom")
            assert_well_formed_and_inert(feed, hostile)
        api = client.get(f"/api/v1/articles/{article.pk}/")
        assert api.status_code == 200
        assert_well_formed_and_inert(api, hostile)
        return client.get("/search/", {"q": hostile[:200]})

    assert failures_over_corpus(SLICE, on_its_pages) == []
    listings = [
        article_index.url,
        "/tags/",
        "/feeds/",
        "/feeds/articles.rss",
        "/feeds/articles.atom",
        "/feeds/articles.json",
        "/api/v1/articles/?limit=100",
        "/search/?q=hostile",
        "/sitemap.xml",
    ]
    for url in listings:
        assert_well_formed_and_inert(client.get(url))
    assert_well_formed_and_inert(admin_client.get(f"/admin/pages/{article_index.pk}/"))
    assert_well_formed_and_inert(admin_client.get("/admin/pages/search/", {"q": "hostile"}))


def test_hostile_therapy_text_renders_inert_everywhere(client, admin_client, home):
    index = TherapyIndexPageFactory(parent=home)
    therapies = {}
    for number, hostile in enumerate(SLICE):
        therapy = TherapyPageFactory(
            parent=index,
            title=hostile[:255].strip() or "blank",
            slug=f"hostile-{number}",
            summary=hostile[:500],
        )
        therapy.tags.set(typed_tags(hostile))
        therapy.save()
        therapies[hostile] = therapy

    def on_its_pages(hostile):
        therapy = therapies[hostile]
        assert_well_formed_and_inert(client.get(f"/feeds/therapies/{therapy.slug}.rss"), hostile)
        assert_well_formed_and_inert(client.get(f"/api/v1/therapies/{therapy.pk}/"), hostile)
        compare = client.get(f"{index.url}compare/", {"t": [therapy.slug, "hostile-0"]})
        assert_well_formed_and_inert(compare, hostile)
        return client.get(therapy.url)

    assert failures_over_corpus(SLICE, on_its_pages) == []
    for url in (index.url, "/tags/", "/api/v1/therapies/?limit=100", "/search/?q=hostile"):
        assert_well_formed_and_inert(client.get(url))
    assert_well_formed_and_inert(admin_client.get(f"/admin/pages/{index.pk}/"))


def test_hostile_source_fields_render_inert_in_the_library_and_references(
    client, admin_client, article_index
):
    sources = {}
    for year, hostile in enumerate(SLICE, start=1900):
        source = Source.objects.create(
            title=hostile[:500], container_title=hostile[:255], year=year
        )
        SourceAuthor.objects.create(source=source, family=hostile[:100], given=hostile[:100])
        sources[hostile] = source
    citations = "".join(f'<a linktype="citation" id="{s.pk}">[*]</a>' for s in sources.values())
    citing = ArticlePageFactory(
        parent=article_index,
        title="Cites them all",
        body=[{"type": "paragraph", "value": f"<p>Evidence.{citations}</p>"}],
    )

    def on_its_page(hostile):
        return client.get(sources[hostile].get_absolute_url())

    assert failures_over_corpus(SLICE, on_its_page) == []
    assert_well_formed_and_inert(client.get(citing.url))
    assert_well_formed_and_inert(client.get("/sources/"))
    assert_well_formed_and_inert(client.get("/api/v1/sources/?limit=100"))
    for fmt in ("bibtex", "ris", "csl-json"):
        assert client.get(f"/sources/export.{fmt}").status_code == 200
        assert client.get(f"/sources/references/{citing.pk}.{fmt}").status_code == 200
    admin_list = reverse(Source.snippet_viewset.get_url_name("list"))
    assert_well_formed_and_inert(admin_client.get(admin_list))
    assert_well_formed_and_inert(admin_client.get(admin_list, {"q": "script"}))


LISTINGS_WITH_PARAMETERS = [
    "/search/?q={v}",
    "/search/?q=gene&type={v}&tag={v}&section={v}&page={v}",
    "/sources/?q={v}&kind={v}&year={v}&tag={v}&retracted={v}&page={v}",
    "/therapies/?modality={v}&condition={v}&status={v}&region={v}&page={v}",
    "/therapies/compare/?t={v}&t={v}",
    "/articles/?page={v}&tag={v}",
    "/tags/?page={v}",
    "/conditions/?page={v}",
    "/feeds/articles.rss?page={v}",
    "/api/v1/articles/?tag={v}&section={v}&therapy={v}&condition={v}&limit={v}",
    "/api/v1/therapies/?modality={v}&condition={v}&offset={v}",
    "/api/v1/sources/?kind={v}&year={v}&tag={v}",
    "/api/v1/search/?q={v}&type={v}",
]


def test_hostile_query_strings_on_listings_facets_feeds_and_api(client, home, article_index):
    TherapyIndexPageFactory(parent=home)
    ArticlePageFactory(parent=article_index, title="Gene therapy", tags=["gene"])

    def request_for(hostile):
        value = quote(hostile, safe="")
        responses = [client.get(url.format(v=value)) for url in LISTINGS_WITH_PARAMETERS]
        for response in responses[:-1]:
            assert_well_formed_and_inert(response, hostile)
        return responses[-1]

    assert failures_over_corpus(HOSTILE_SAMPLE, request_for) == []


def test_hostile_search_queries(client, article_index):
    ArticlePageFactory(parent=article_index, title="Gene therapy basics")
    assert failures_over_corpus(SLICE, lambda q: client.get("/search/", {"q": q})) == []
