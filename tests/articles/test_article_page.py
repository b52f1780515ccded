"""The article page: semantic HTML, byline, review line, contents, SEO and related items."""

import datetime
import json

import pytest
import wagtail_factories

from django.utils import timezone

from articles.factories import ArticlePageFactory, AuthorFactory, SectionFactory
from articles.models import ArticleTherapy, RelatedArticle
from sources.models import Source
from therapies.choices import ApprovalStatus, Modality
from therapies.factories import TherapyApprovalFactory, TherapyPageFactory

pytestmark = pytest.mark.django_db


def body():
    source = Source.objects.create(title="CAR-T in Spain", year=2022)
    return [
        ("heading", {"text": "Results", "level": "h2"}),
        ("paragraph", "<p>" + "word " * 300 + "</p>"),
        ("heading", {"text": "Results", "level": "h3"}),
        ("pull_quote", {"quote": "A dark age.", "attribution": "John Rasko", "role": "Doctor"}),
        ("key_figure", {"number": "1,859", "label": "CAR-T requests", "citation": source}),
    ]


@pytest.fixture
def article(index):
    authors = [
        AuthorFactory(name="Ana Ruiz", slug="ana-ruiz", credentials="MD", organisation="La Paz"),
        AuthorFactory(name="Sermes CRO", slug="sermes-cro", is_organisation=True, credentials=""),
    ]
    reviewer = AuthorFactory(name="Dr Marta Ibáñez", slug="marta", credentials="MD")
    return ArticlePageFactory(
        parent=index,
        title="Gene Therapies: Revolutionizing Disease Treatment",
        slug="gene-therapies",
        standfirst="Gene therapies treat disease at its root.",
        first_published=datetime.datetime(2025, 3, 14, 9, tzinfo=datetime.UTC),
        section=SectionFactory(name="Clinical practice", slug="clinical-practice"),
        reviewed_by=reviewer,
        last_reviewed=datetime.date(2025, 3, 20),
        next_review_due=datetime.date(2026, 3, 20),
        hero_image=wagtail_factories.ImageFactory(title="Lab"),
        hero_caption="A laboratory",
        hero_credit="Helix",
        body=body(),
        authors=authors,
        tags=["CAR-T", "Spain"],
    )


def test_article_markup(client, article, parse):
    soup = parse(client.get(article.url))
    main = soup.find("main")
    node = main.find("article")
    assert node.find("h1").get_text() == article.title
    published = node.find("time")
    assert published["datetime"].startswith("2025-03-14T09:00:00")
    assert published.get_text() == "14 March 2025"
    byline = node.find("p", class_="byline")
    assert [(a.get_text(), a["href"]) for a in byline.find_all("a")] == [
        ("Ana Ruiz", "/authors/ana-ruiz/"),
        ("Sermes CRO", "/authors/sermes-cro/"),
    ]
    assert "Ana Ruiz (MD, La Paz) and Sermes CRO" in byline.get_text(" ", strip=True).replace(
        " )", ")"
    ).replace("( ", "(")
    review = node.find("p", class_="medical-review")
    assert review.get_text(" ", strip=True).startswith(
        "Medically reviewed by Dr Marta Ibáñez , MD on 20 March 2025"
    )
    assert review.find("time")["datetime"] == "2025-03-20"
    assert node.find(class_="reading-time").get_text() == "2 min read"
    assert node.find("figure", class_="article__hero").figcaption.get_text(" ", strip=True) == (
        "A laboratory Credit: Helix"
    )
    quote = node.find("blockquote")
    assert quote.find_next("cite").get_text() == "John Rasko"
    tags = node.find("ul", attrs={"aria-label": "Tags"})
    assert [(a.get_text(), a["href"]) for a in tags.find_all("a")] == [
        ("CAR-T", "/tags/car-t/"),
        ("Spain", "/tags/spain/"),
    ]
    crumbs = soup.find("nav", attrs={"aria-label": "Breadcrumb"})
    assert [a.get_text() for a in crumbs.find_all("a")] == ["Home", "Articles"]
    assert node.find(class_="article__section").a["href"] == "/articles/section/clinical-practice/"


def test_table_of_contents_links_to_unique_heading_ids(client, article, parse):
    soup = parse(client.get(article.url))
    toc = soup.find("nav", class_="toc")
    targets = [a["href"] for a in toc.find_all("a")]
    assert targets == ["#results", "#results-2"]
    for target in targets:
        assert len(soup.select(target)) == 1, f"{target} must exist exactly once"


def test_seo_metadata(client, article, parse):
    soup = parse(client.get(article.url))
    assert soup.title.get_text() == f"{article.title} · Helix"
    assert soup.find("meta", attrs={"name": "description"})["content"] == article.standfirst
    canonical = "http://testserver/articles/gene-therapies/"
    assert soup.find("link", rel="canonical")["href"] == canonical
    og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    assert og["og:type"] == "article"
    assert og["og:url"] == canonical
    assert og["og:image"].startswith("http://testserver/")
    assert og["article:published_time"].startswith("2025-03-14T09:00:00")
    twitter = {m["name"]: m["content"] for m in soup.find_all("meta", attrs={"name": True})}
    assert twitter["twitter:card"] == "summary_large_image"
    assert twitter["twitter:title"] == article.title


def json_ld(soup):
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def test_json_ld_for_a_reviewed_article_is_a_medical_web_page(client, article, parse):
    data = json_ld(parse(client.get(article.url)))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["headline"] == article.title
    assert data["url"] == "http://testserver/articles/gene-therapies/"
    assert data["datePublished"].startswith("2025-03-14T09:00:00")
    assert data["lastReviewed"] == "2025-03-20"
    assert data["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr Marta Ibáñez",
        "url": "http://testserver/authors/marta/",
        "jobTitle": "MD",
    }
    assert [(a["@type"], a["name"]) for a in data["author"]] == [
        ("Person", "Ana Ruiz"),
        ("Organization", "Sermes CRO"),
    ]
    assert data["keywords"] == ["CAR-T", "Spain"]
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "Helix",
        "url": "http://testserver/",
    }
    assert data["image"].startswith("http://testserver/")


def test_json_ld_for_an_unreviewed_article_is_an_article(client, index, parse):
    article = ArticlePageFactory(parent=index, title="</script><script>alert(1)</script>")
    response = client.get(article.url)
    assert b"</script><script>alert(1)" not in response.content
    data = json_ld(parse(response))
    assert data["@type"] == "Article"
    assert data["headline"] == article.title
    assert "reviewedBy" not in data and "lastReviewed" not in data


def test_previous_and_next_articles(client, index, parse):
    now = timezone.now()
    old, middle, new = (
        ArticlePageFactory(parent=index, first_published=now - datetime.timedelta(days=d))
        for d in (3, 2, 1)
    )
    ArticlePageFactory(parent=index, live=False, first_published=now - datetime.timedelta(hours=36))
    pager = parse(client.get(middle.url)).find("nav", attrs={"aria-label": "More articles"})
    assert pager.find("a", rel="prev")["href"] == old.url
    assert pager.find("a", rel="next")["href"] == new.url
    pager = parse(client.get(new.url)).find("nav", attrs={"aria-label": "More articles"})
    assert pager.find("a", rel="next") is None


def test_related_therapies_show_modality_and_approval(client, article, therapy_index, parse):
    car_t = TherapyPageFactory(parent=therapy_index, modality=Modality.CELL_THERAPY)
    for regulator in ("EMA", "FDA"):
        TherapyApprovalFactory(page=car_t, regulator=regulator, status=ApprovalStatus.APPROVED)
    draft = TherapyPageFactory(parent=therapy_index, live=False)
    ArticleTherapy.objects.create(page=article, therapy=car_t, sort_order=0)
    ArticleTherapy.objects.create(page=article, therapy=draft, sort_order=1)
    section = parse(client.get(article.url)).find(
        "section", attrs={"aria-labelledby": "related-therapies-title"}
    )
    items = section.find("ul", class_="related-therapies").find_all("li", recursive=False)
    assert len(items) == 1, "a draft therapy profile is never shown"
    assert items[0].a["href"] == car_t.url
    text = " ".join(items[0].get_text().split())
    assert "Gene-modified cell therapy (e.g. CAR-T)" in text
    assert "EMA: Approved" in text and "FDA: Approved" in text


def test_related_articles_chosen_by_editor_win(client, article, index, parse):
    chosen = ArticlePageFactory(parent=index, title="Chosen one")
    ArticlePageFactory(parent=index, title="Shares a tag", tags=["CAR-T"])
    RelatedArticle.objects.create(page=article, article=chosen, sort_order=0)
    related = parse(client.get(article.url)).find("ul", class_="related-articles")
    assert [a.get_text() for a in related.find_all("a")] == ["Chosen one"]


def test_related_articles_computed_from_shared_tags_and_therapies(
    client, article, index, therapy_index, parse
):
    therapy = TherapyPageFactory(parent=therapy_index)
    ArticleTherapy.objects.create(page=article, therapy=therapy)
    ArticlePageFactory(parent=index, title="Unrelated", tags=["ethics"])
    one_tag = ArticlePageFactory(parent=index, title="One tag", tags=["Spain"])
    both = ArticlePageFactory(parent=index, title="Tag and therapy", tags=["CAR-T"])
    ArticleTherapy.objects.create(page=both, therapy=therapy)
    ArticlePageFactory(parent=index, title="Draft twin", tags=["CAR-T", "Spain"], live=False)
    related = parse(client.get(article.url)).find("ul", class_="related-articles")
    assert [a.get_text() for a in related.find_all("a")] == [both.title, one_tag.title]


def test_draft_preview_renders_without_errors(admin_client, index, parse):
    article = ArticlePageFactory(parent=index, live=False, first_published=None, body=body())
    response = admin_client.get(f"/admin/pages/{article.pk}/view_draft/")
    assert response.status_code == 200
    assert parse(response).find("h1").get_text() == article.title


def test_a_draft_shows_the_therapies_and_articles_linked_in_it_before_they_are_saved(
    admin_client, client, article, index, therapy_index, parse
):
    therapy = TherapyPageFactory(parent=therapy_index, title="Etranacogene")
    other = ArticlePageFactory(parent=index, title="Factor IX at five years")
    draft = article.get_latest_revision_as_object()
    draft.therapy_links = [ArticleTherapy(therapy=therapy)]
    draft.related_article_links = [RelatedArticle(article=other)]
    draft.save_revision()  # the links live in the revision only

    def aside(response) -> dict[str, list[str]]:
        found = parse(response)
        return {
            name: [a.get_text() for a in found.select(f"ul.{name} > li > a")]
            for name in ("related-therapies", "related-articles")
        }

    drafted = aside(admin_client.get(f"/admin/pages/{article.pk}/view_draft/"))
    assert drafted == {"related-therapies": [therapy.title], "related-articles": [other.title]}
    assert aside(client.get(article.url))["related-therapies"] == []


def test_therapies_in_this_article_name_each_product_and_its_regulators_once(
    client, article, home, parse
):
    from therapies.factories import (
        TherapyApprovalFactory,
        TherapyIndexPageFactory,
        TherapyPageFactory,
    )

    car_t = TherapyPageFactory(parent=TherapyIndexPageFactory(parent=home), title="CAR-T")
    for regulator, product, indication in [
        ("FDA", "Kymriah", "B-cell ALL"),
        ("FDA", "Kymriah", "DLBCL"),  # a second indication: the same decision to a reader
        ("EMA", "Kymriah", "B-cell ALL"),
        ("FDA", "Yescarta", "LBCL"),
    ]:
        TherapyApprovalFactory(
            page=car_t, regulator=regulator, product_name=product, indication=indication
        )
    ArticleTherapy.objects.create(page=article, therapy=car_t, sort_order=0)
    section = parse(client.get(article.url)).find(
        "section", attrs={"aria-labelledby": "related-therapies-title"}
    )
    therapy = section.find("ul", class_="related-therapies").find("li")
    assert therapy.a.get_text() == "CAR-T"
    approvals = therapy.find("ul", class_="approval-list").find_all("li")
    assert [" ".join(li.get_text().split()) for li in approvals] == [
        "Kymriah FDA: Approved EMA: Approved",
        "Yescarta FDA: Approved",
    ]
    assert approvals[0].find("abbr")["title"] == "FDA (United States)"
