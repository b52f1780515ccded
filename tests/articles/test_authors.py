"""Author pages: bio, disclosure and the author's published articles; none without one."""

from datetime import timedelta

import pytest

from django.utils import timezone

from wagtail.models import PageViewRestriction

from articles.factories import ArticlePageFactory, AuthorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    return AuthorFactory(
        name="Dr Marta Ibáñez",
        slug="marta",
        credentials="MD, haematologist",
        organisation="La Paz",
        bio="<p>Reviews <b>clinical</b> content.</p>",
        conflicts_of_interest="Consults for a CAR-T maker.",
    )


def test_author_page_shows_bio_and_published_articles(client, index, author, parse):
    ArticlePageFactory(parent=index, title="Written", authors=[author])
    ArticlePageFactory(parent=index, title="Draft", authors=[author], live=False)
    private = ArticlePageFactory(parent=index, title="Private", authors=[author])
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    ArticlePageFactory(parent=index, title="Reviewed", reviewed_by=author)
    ArticlePageFactory(parent=index, title="Someone else's")
    response = client.get(author.get_absolute_url())
    assert author.get_absolute_url() == "/authors/marta/"
    soup = parse(response)
    assert soup.find("h1").get_text() == "Dr Marta Ibáñez"
    assert soup.find(class_="author-profile__bio").find("b").get_text() == "clinical"
    assert "Consults for a CAR-T maker." in soup.get_text()
    written = soup.find("section", attrs={"aria-labelledby": "author-articles"})
    assert [a.get_text() for a in written.select(".article-card__title a")] == ["Written"]
    reviewed = soup.find("section", attrs={"aria-labelledby": "author-reviewed"})
    assert [a.get_text() for a in reviewed.find_all("a")] == ["Reviewed"]
    assert soup.find("link", rel="canonical")["href"] == "http://testserver/authors/marta/"


def test_author_page_paginates_forgivingly(client, index, author, parse):
    for n in range(13):
        ArticlePageFactory(parent=index, authors=[author], title=f"N{n}")
    for query in ("?page=2", "?page=9", "?page=x"):
        response = client.get(author.get_absolute_url() + query)
        assert response.status_code == 200
    soup = parse(client.get(author.get_absolute_url() + "?page=9"))
    assert "Page 2 of 2" in soup.find("nav", class_="pagination").get_text()


def unseen_articles(index, **fields) -> None:
    """An article in each state no reader can open: draft, private, future, withdrawn."""
    ArticlePageFactory(parent=index, title="Draft", live=False, **fields)
    private = ArticlePageFactory(parent=index, title="Private", **fields)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    ArticlePageFactory(
        parent=index, title="Future", first_published=timezone.now() + timedelta(days=3), **fields
    )
    ArticlePageFactory(parent=index, title="Withdrawn", **fields).unpublish()


@pytest.mark.parametrize("role", ["authors", "reviewed_by"])
def test_an_author_with_nothing_published_has_no_page_entry_or_feed(
    client, index, author, parse, role
):
    """Their page said "No published articles yet": it gave away that drafts exist."""
    unseen_articles(index, **{role: [author] if role == "authors" else author})

    assert client.get("/authors/marta/").status_code == 404
    assert client.get("/feeds/authors/marta.rss").status_code == 404
    assert client.get("/feeds/authors/marta.atom").status_code == 404
    assert parse(client.get("/authors/")).find("ul", class_="author-list") is None
    assert client.get("/authors/nobody/").status_code == 404


def test_author_index_lists_writers_and_reviewers_of_published_articles(
    client, index, author, parse
):
    cro = AuthorFactory(name="Sermes CRO", slug="sermes-cro", is_organisation=True, credentials="")
    AuthorFactory(name="Only drafts", slug="only-drafts")
    ArticlePageFactory(parent=index, authors=[author], reviewed_by=author)
    ArticlePageFactory(parent=index, title="Reviewed", reviewed_by=cro)
    ArticlePageFactory(parent=index, title="Draft", live=False, authors=[AuthorFactory()])

    links = parse(client.get("/authors/")).find("ul", class_="author-list").find_all("a")

    assert [a["href"] for a in links] == ["/authors/marta/", "/authors/sermes-cro/"]
    reviewer_page = parse(client.get("/authors/sermes-cro/"))
    reviewed = reviewer_page.find("section", attrs={"aria-labelledby": "author-reviewed"})
    assert [a.get_text() for a in reviewed.find_all("a")] == ["Reviewed"]
    assert client.get("/feeds/authors/sermes-cro.rss").status_code == 200


def test_an_author_page_goes_when_their_last_article_is_unpublished(client, index, author):
    article = ArticlePageFactory(parent=index, authors=[author])
    assert client.get("/authors/marta/").status_code == 200

    article.unpublish()

    assert client.get("/authors/marta/").status_code == 404
    assert client.get("/feeds/authors/marta.rss").status_code == 404


def test_author_text_is_escaped(client, index, parse):
    author = AuthorFactory(
        slug="x", name="<script>alert(1)</script>", conflicts_of_interest="<i>none</i>"
    )
    ArticlePageFactory(parent=index, authors=[author])
    response = client.get("/authors/x/")
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content
    assert b"<i>none</i>" not in response.content


def test_organisation_byline_does_not_repeat_its_name(index, client, parse):
    cro = AuthorFactory(
        name="Sermes CRO",
        slug="cro",
        is_organisation=True,
        credentials="",
        organisation="Sermes CRO",
    )
    article = ArticlePageFactory(parent=index, authors=[cro])
    byline = parse(client.get(article.url)).find("p", class_="byline")
    assert byline.get_text(" ", strip=True) == "By Sermes CRO"
