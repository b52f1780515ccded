"""Author pages: bio, disclosure and the author's published articles only."""

import pytest

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


def test_author_without_articles_and_unknown_author(client, home, author, parse):
    assert "No published articles yet." in parse(client.get("/authors/marta/")).get_text()
    assert client.get("/authors/nobody/").status_code == 404


def test_author_index_lists_authors(client, home, author, parse):
    AuthorFactory(name="Sermes CRO", slug="sermes-cro", is_organisation=True, credentials="")
    links = parse(client.get("/authors/")).find("ul", class_="author-list").find_all("a")
    assert [a["href"] for a in links] == ["/authors/marta/", "/authors/sermes-cro/"]


def test_author_text_is_escaped(client, home, parse):
    AuthorFactory(slug="x", name="<script>alert(1)</script>", conflicts_of_interest="<i>none</i>")
    response = client.get("/authors/x/")
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
