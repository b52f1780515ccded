"""Editors create articles and manage authors, sections and tags in the Wagtail admin."""

import pytest

from django.urls import reverse

from taggit.models import Tag
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from articles.factories import ArticleIndexPageFactory, AuthorFactory, SectionFactory
from articles.models import ArticleIndexPage, ArticlePage, Author
from helix.factories import HomePageFactory
from helix.models import HomePage
from sources.models import Source


class ArticleAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        for child in root.get_children():
            child.delete()
        home = HomePageFactory(parent=root)
        Site.objects.create(hostname="testserver", root_page=home, is_default_site=True)
        cls.home = home
        cls.index = ArticleIndexPageFactory(parent=home)
        cls.author = AuthorFactory(name="Sermes CRO", slug="sermes-cro", is_organisation=True)
        cls.reviewer = AuthorFactory(name="Dr Ibáñez", slug="ibanez")
        cls.section = SectionFactory(name="Clinical practice", slug="clinical-practice")
        cls.source = Source.objects.create(title="CAR-T in Spain", year=2022)

    def setUp(self):
        # django-axes needs the request to authenticate: log in without a password.
        self.user = self.create_superuser("editor")
        self.client.force_login(self.user)

    def test_article_index_goes_under_the_home_page_once(self):
        self.assertCanCreateAt(HomePage, ArticleIndexPage)
        self.assertCanNotCreateAt(ArticleIndexPage, ArticleIndexPage)
        self.assertAllowedSubpageTypes(ArticleIndexPage, {ArticlePage})

    def test_editor_creates_and_publishes_an_article(self):
        data = nested_form_data(
            {
                "title": "Gene Therapies: Revolutionizing Disease Treatment",
                "slug": "gene-therapies",
                "standfirst": "Gene therapies treat disease at its root.",
                "authors": inline_formset([{"author": self.author.pk}], min=1),
                "body": streamfield(
                    [
                        ("heading", {"text": "CAR-T therapy", "level": "h2"}),
                        ("paragraph", rich_text("<p>T cells are modified.</p>")),
                        (
                            "pull_quote",
                            {"quote": "A dark age.", "attribution": "John Rasko", "role": ""},
                        ),
                        (
                            "key_figure",
                            {
                                "number": "1,859",
                                "label": "CAR-T requests since 2018",
                                "citation": self.source.pk,
                            },
                        ),
                        (
                            "call_to_action",
                            {
                                "text": "Questions?",
                                "link_label": "Contact us",
                                "page": "",
                                "url": "https://example.org/",
                            },
                        ),
                    ]
                ),
                "further_reading": streamfield([]),
                "section": self.section.pk,
                "tags": "CAR-T, Spain",
                "therapy_links": inline_formset([]),
                "related_article_links": inline_formset([]),
                "reviewed_by": self.reviewer.pk,
                "last_reviewed": "2025-03-20",
                "next_review_due": "",
                "first_published": "",
                "last_updated": "",
                "comments_open": "on",
                "comments": inline_formset([]),
            }
        )
        self.assertCanCreate(self.index, ArticlePage, data)
        article = ArticlePage.objects.get(slug="gene-therapies")
        assert article.live and article.first_published is not None
        assert [a.name for a in article.author_list] == ["Sermes CRO"]
        assert sorted(t.name for t in article.tags.all()) == ["CAR-T", "Spain"]
        assert [b.block_type for b in article.body] == [
            "heading",
            "paragraph",
            "pull_quote",
            "key_figure",
            "call_to_action",
        ]
        assert article.body[3].value["citation"] == self.source
        assert article.is_reviewed
        assert self.client.get(article.url).status_code == 200

    def test_article_needs_an_author(self):
        url = reverse("wagtailadmin_pages:add", args=("articles", "articlepage", self.index.pk))
        data = nested_form_data(
            {
                "title": "No author",
                "slug": "no-author",
                "standfirst": "x",
                "authors": inline_formset([], min=1),
                "body": streamfield([("paragraph", rich_text("<p>x</p>"))]),
                "further_reading": streamfield([]),
                "therapy_links": inline_formset([]),
                "related_article_links": inline_formset([]),
                "comments": inline_formset([]),
                "action-publish": "action-publish",
            }
        )
        response = self.client.post(url, data)
        assert response.status_code == 200, "the form is shown again with an error"
        assert not ArticlePage.objects.filter(slug="no-author").exists()


pytestmark = pytest.mark.django_db


def test_author_snippets_list_search_and_filter(admin_client):
    AuthorFactory(name="Sermes CRO", slug="sermes", is_organisation=True)
    AuthorFactory(name="Marta Ibáñez", slug="marta")
    url = reverse("wagtailsnippets_articles_author:list")
    response = admin_client.get(url)
    assert response.status_code == 200
    assert b"Sermes CRO" in response.content and "Marta Ibáñez" in response.content.decode()
    response = admin_client.get(url, {"q": "Sermes"})
    assert b"Sermes CRO" in response.content
    assert "Marta Ibáñez" not in response.content.decode()
    response = admin_client.get(url, {"is_organisation": "true"})
    assert b"Sermes CRO" in response.content
    assert "Marta Ibáñez" not in response.content.decode()


def test_author_created_through_the_admin(admin_client):
    url = reverse("wagtailsnippets_articles_author:add")
    response = admin_client.post(
        url,
        {
            "name": "Sermes CRO",
            "slug": "sermes-cro",
            "is_organisation": "on",
            "credentials": "",
            "organisation": "Sermes CRO",
            "bio": rich_text("<p>A contract research organisation.</p>"),
            "conflicts_of_interest": "",
        },
    )
    assert response.status_code == 302
    assert Author.objects.get(slug="sermes-cro").is_organisation


def test_section_snippets_list_and_search(admin_client):
    SectionFactory(name="Ethics", slug="ethics")
    SectionFactory(name="Regulation", slug="regulation")
    url = reverse("wagtailsnippets_articles_section:list")
    response = admin_client.get(url, {"q": "Ethi"})
    assert response.status_code == 200
    assert b"Ethics" in response.content and b"Regulation" not in response.content


def test_tags_are_managed_as_snippets(admin_client):
    tag = Tag.objects.create(name="car-t", slug="car-t")
    Tag.objects.create(name="ethics", slug="ethics")
    response = admin_client.get(reverse("wagtailsnippets_taggit_tag:list"), {"q": "car"})
    assert response.status_code == 200
    assert b"car-t" in response.content and b"ethics" not in response.content
    response = admin_client.post(
        reverse("wagtailsnippets_taggit_tag:edit", args=(tag.pk,)), {"name": "CAR-T"}
    )
    assert response.status_code == 302
    tag.refresh_from_db()
    assert tag.name == "CAR-T"
