"""An article's and a profile's own HTML is rendered once per publication, never stale.

``caching.fragments.RenderedPartsMixin`` keeps the metadata and the content of a page
(body, references, aside) until something they show changes. Each case edits
one such thing and reads the page again, with the anonymous page cache off (the
parts come from their own cache) and on (the whole page is cached as well).
Every page is read twice before the edit, so the edit meets a cached copy.
"""

import json

import pytest
import wagtail_factories

from django.core.files.base import ContentFile

from taggit.models import Tag
from wagtail.models import Site

from articles.factories import ArticlePageFactory, AuthorFactory, SectionFactory
from articles.models import ArticleTherapy
from comments.models import CommentSettings
from helix.models import SiteSettings
from sources.models import NoticeKind, ReferenceSettings, Source
from therapies.factories import ConditionFactory, TherapyIndexPageFactory, TherapyPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def read(page_cache, client, parse):
    """The page as a reader sees it, after a first request has cached what it can."""

    def _read(url):
        assert client.get(url).status_code == 200
        response = client.get(url)
        assert response.status_code == 200
        return parse(response)

    return _read


@pytest.fixture
def source():
    return Source.objects.create(title="Original trial report", year=2021)


def cited_body(source: Source, wording: str = "Nine of ten patients responded") -> list[tuple]:
    """A heading, a paragraph citing ``source`` in its text, and a key figure citing it."""
    return [
        ("heading", {"text": "Results", "level": "h2"}),
        ("paragraph", f'<p>{wording} <a linktype="citation" id="{source.pk}">[1]</a>.</p>'),
        ("key_figure", {"number": "9", "label": "in ten", "citation": source}),
    ]


@pytest.fixture(params=["article", "therapy profile"])
def citing_page(request, home, index, source):
    """An article or a therapy profile whose body cites ``source`` twice."""
    if request.param == "article":
        return ArticlePageFactory(parent=index, body=cited_body(source))
    therapies = TherapyIndexPageFactory(parent=home)
    return TherapyPageFactory(parent=therapies, body=cited_body(source))


def references(soup) -> list[str]:
    return [item.get_text(" ", strip=True) for item in soup.select(".references__list li")]


def body_text(soup) -> str:
    return soup.select_one(".article__body, .therapy-profile__body").get_text(" ", strip=True)


def json_ld(soup) -> list[dict]:
    return [
        json.loads(script.string) for script in soup.select('script[type="application/ld+json"]')
    ]


def test_editing_a_cited_source_shows_in_the_references(read, citing_page, source):
    assert "Original trial report" in references(read(citing_page.url))[0]
    source.title = "Corrected trial report"
    source.save()
    assert "Corrected trial report" in references(read(citing_page.url))[0]


def test_retracting_a_cited_source_warns_at_each_citation(read, citing_page, source):
    soup = read(citing_page.url)
    assert not soup.select(".citation-warning")
    source.notice_kind = NoticeKind.RETRACTION
    source.save()
    soup = read(citing_page.url)
    # The marker in the paragraph and the key figure's marker both warn.
    assert len(soup.select(".citation-warning")) == 2
    assert soup.select_one(".reference--retracted")


def test_republishing_a_changed_body_shows_it(read, citing_page, source):
    assert "Nine of ten" in body_text(read(citing_page.url))
    citing_page.body = cited_body(source, wording="Eight of ten patients responded")
    citing_page.save_revision().publish()
    soup = read(citing_page.url)
    assert "Eight of ten" in body_text(soup)
    assert "Nine of ten" not in soup.get_text()


def test_a_draft_shows_in_its_preview_and_never_on_the_live_page(
    read, citing_page, source, admin_client, parse
):
    assert "Nine of ten" in body_text(read(citing_page.url))
    citing_page.body = cited_body(source, wording="Draft wording only")
    citing_page.save_revision()  # saved, not published
    assert "Draft wording only" not in read(citing_page.url).get_text()
    preview = admin_client.get(f"/admin/pages/{citing_page.pk}/view_draft/")
    assert "Draft wording only" in body_text(parse(preview))
    # The preview rendered its own parts and cached none of them for readers.
    soup = read(citing_page.url)
    assert "Nine of ten" in body_text(soup)
    assert "Draft wording only" not in soup.get_text()


def test_a_renamed_related_therapy_and_a_moved_linked_article_show_at_once(read, home, index):
    therapy = TherapyPageFactory(parent=TherapyIndexPageFactory(parent=home), title="Old name")
    linked = ArticlePageFactory(parent=index, slug="linked-article")
    article = ArticlePageFactory(
        parent=index,
        body=[("paragraph", f'<p>See <a linktype="page" id="{linked.pk}">this</a>.</p>')],
    )
    ArticleTherapy.objects.create(page=article, therapy=therapy)
    soup = read(article.url)
    assert soup.select_one(".related-therapies a").get_text(strip=True) == "Old name"
    assert soup.select_one(".article__body a")["href"] == linked.url
    therapy.title = "New name"
    therapy.save_revision().publish()
    linked.slug = "renamed-article"
    linked.save_revision().publish()
    soup = read(article.url)
    assert soup.select_one(".related-therapies a").get_text(strip=True) == "New name"
    assert soup.select_one(".article__body a")["href"].endswith("/renamed-article/")


@pytest.fixture
def reviewed_article(index):
    """An article with a section, a reviewer, an author and a tag."""
    return ArticlePageFactory(
        parent=index,
        section=SectionFactory(name="Trials"),
        reviewed_by=AuthorFactory(name="Dr Old"),
        last_reviewed="2025-01-01",
        authors=[AuthorFactory(name="Ada Byline")],
        tags=["aav"],
    )


def section_name(soup) -> str:
    return soup.select_one(".article__section").get_text(strip=True)


def reviewer_name(soup) -> str:
    return json_ld(soup)[-1]["reviewedBy"]["name"]


def author_name(soup) -> str:
    return soup.select_one(".byline a").get_text(strip=True)


def tag_names(soup) -> list[str]:
    return [a.get_text(strip=True) for a in soup.select(".tag-list a")]


@pytest.mark.parametrize(
    "row, shown, before, after",
    [
        (lambda article: article.section, section_name, "Trials", "Clinical trials"),
        (lambda article: article.reviewed_by, reviewer_name, "Dr Old", "Dr New"),
        (lambda article: article.author_list[0], author_name, "Ada Byline", "Ada Renamed"),
        (lambda article: Tag.objects.get(name="aav"), tag_names, ["aav"], ["AAV vectors"]),
    ],
    ids=["section", "reviewer", "author", "tag"],
)
def test_editing_a_row_the_article_shows_shows_at_once(
    read, reviewed_article, row, shown, before, after
):
    """The section and the reviewer come with the page (``select_related``), before any fragment."""
    assert shown(read(reviewed_article.url)) == before
    edited = row(reviewed_article)
    edited.name = after[0] if isinstance(after, list) else after
    edited.save()
    assert shown(read(reviewed_article.url)) == after


def test_a_replaced_document_file_changes_its_link(read, index):
    """A document's link names its file: the old link answers 404 once the file is replaced."""
    document = wagtail_factories.DocumentFactory(file__filename="protocol-v1.pdf")
    article = ArticlePageFactory(
        parent=index,
        body=[("paragraph", f'<p>The <a linktype="document" id="{document.pk}">protocol</a>.</p>')],
    )
    old_url = document.url
    assert read(article.url).select_one(".article__body a")["href"] == old_url
    document.file = ContentFile(b"%PDF-1.4 second version", name="protocol-v2.pdf")
    document.save()
    assert document.url != old_url
    assert read(article.url).select_one(".article__body a")["href"] == document.url


def test_a_new_site_name_shows_in_the_metadata(read, index, site):
    read("/")  # the site settings are now read from the cache, as they usually are
    article = ArticlePageFactory(parent=index)
    assert read(article.url).select_one('meta[property="og:site_name"]')["content"] == "Helix"
    settings = SiteSettings.for_site(site)
    settings.site_name = "Helix Weekly"
    settings.save()
    soup = read(article.url)
    assert soup.select_one('meta[property="og:site_name"]')["content"] == "Helix Weekly"
    assert json_ld(soup)[-1]["publisher"]["name"] == "Helix Weekly"


def test_a_profile_follows_its_conditions_and_the_articles_about_it(read, home, index):
    condition = ConditionFactory(name="Haemophilia B")
    therapy = TherapyPageFactory(
        parent=TherapyIndexPageFactory(parent=home), conditions=[condition]
    )

    def shown(soup) -> tuple[list[str], str]:
        conditions = [a.get_text(strip=True) for a in soup.select(".condition-list a")]
        articles = soup.select_one("#articles-about").find_parent("section")
        return conditions, articles.get_text(" ", strip=True)

    conditions, articles = shown(read(therapy.url))
    assert conditions == ["Haemophilia B"]
    assert "No articles about this therapy yet" in articles
    condition.name = "Haemophilia B (factor IX deficiency)"
    condition.save()
    article = ArticlePageFactory(parent=index, title="A new article", live=False)
    article.therapy_links = [ArticleTherapy(therapy=therapy)]
    article.save_revision().publish()
    conditions, articles = shown(read(therapy.url))
    assert conditions == ["Haemophilia B (factor IX deficiency)"]
    assert "A new article" in articles


def test_the_comment_form_stays_per_reader(page_cache, client, parse, index):
    """The rendered parts leave the comment section out: each reader's CSRF token is its own."""
    article = ArticlePageFactory(parent=index)
    client.get(article.url)

    def token(response) -> str:
        return parse(response).find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]

    first = client.get(article.url)
    client.cookies.clear()  # another reader
    second = client.get(article.url)
    assert token(first) != token(second)
    assert parse(first).select_one("#article-title") and parse(second).select_one("#article-title")


def test_each_site_gets_its_own_absolute_links(page_cache, index, home, settings, client, parse):
    """Two sites on the same pages: the canonical link names the site that serves it."""
    settings.HELIX_BASE_URL = ""
    Site.objects.create(hostname="localhost", port=80, root_page=home, site_name="Alias")
    for site in Site.objects.all():  # made now, not by the first page that reads them
        for setting in (SiteSettings, ReferenceSettings, CommentSettings):
            setting.for_site(site)
    article = ArticlePageFactory(parent=index)

    def canonical(host: str) -> str:
        client.get(article.url, HTTP_HOST=host)
        response = client.get(article.url, HTTP_HOST=host)
        return parse(response).select_one('link[rel="canonical"]')["href"]

    assert canonical("testserver").startswith("http://testserver/")
    assert canonical("localhost").startswith("http://localhost/")
    assert canonical("testserver").startswith("http://testserver/")
